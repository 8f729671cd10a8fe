import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCluster } from './helpers.js';
import { startTestCluster } from './helpers.js';

/**
 * kubernetes-client/javascript#3020: 2.0.0 aborted every watch after 30 s. In 2.0.1 the 30 s timer
 * is an *inactivity* timeout, reset by every chunk the server sends: a watch that receives
 * something at least every 30 s stays open; a completely quiet one is still aborted at 30 s with
 * a TimeoutError. These tests pin that behaviour so a client-node upgrade that changes it is noticed.
 */
let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster();
});
afterAll(async () => {
  await t.sim.stop();
});

describe.concurrent('[SIM] client-node 2.0.1 watch lifetime', () => {
  it('keeps a watch that sees traffic open past 30 s', { timeout: 45_000 }, async () => {
    let events = 0;
    let ended: unknown = 'open';
    const controller = await new k8s.Watch(t.kc).watch('/api/v1/namespaces/default/configmaps', { resourceVersion: String(t.sim.store.resourceVersion) }, () => {
      events++;
    }, (err) => {
      ended = err;
    });
    const ticker = setInterval(() => void t.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { generateName: 'tick-' } } }), 8_000);
    await new Promise((r) => setTimeout(r, 35_000));
    clearInterval(ticker);
    expect(ended).toBe('open');
    expect(events).toBeGreaterThanOrEqual(3);
    controller.abort();
  });

  it('aborts a completely quiet watch after 30 s of inactivity (client-side TimeoutError)', { timeout: 45_000 }, async () => {
    let ended: unknown = 'open';
    await new k8s.Watch(t.kc).watch('/api/v1/namespaces/kube-public/configmaps', { resourceVersion: String(t.sim.store.resourceVersion) }, () => undefined, (err) => {
      ended = err;
    });
    await new Promise((r) => setTimeout(r, 35_000));
    expect(ended).toBeInstanceOf(Error);
    expect((ended as Error).name).toBe('TimeoutError');
  });
});
