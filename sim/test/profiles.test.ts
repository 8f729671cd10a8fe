import { describe, expect, it } from 'vitest';
import { startSimulator } from '../index.js';

describe('[SIM] cluster profiles', () => {
  it('builds the demo cluster: control plane + 3 workers, 40+ workloads, Cilium and Hubble Relay', async () => {
    const sim = await startSimulator({ trafficIntervalMs: 0 });
    try {
      const nodes = sim.store.list('Node');
      expect(nodes.map((n) => n.metadata.name)).toEqual(['demo-control-plane', 'demo-worker-1', 'demo-worker-2', 'demo-worker-3']);
      const workloads = ['Deployment', 'StatefulSet', 'DaemonSet'].flatMap((k) => sim.store.list(k));
      expect(workloads.length).toBeGreaterThanOrEqual(40);
      expect(sim.store.get('DaemonSet', 'kube-system', 'cilium')).toBeDefined();
      expect(sim.store.get('Deployment', 'kube-system', 'hubble-relay')).toBeDefined();
      const pods = sim.store.list('Pod');
      expect(pods.every((p) => (p.status as { phase?: string }).phase === 'Running')).toBe(true);
      expect(pods.filter((p) => p.metadata.name.startsWith('cilium-') && !p.metadata.name.startsWith('cilium-operator'))).toHaveLength(4);
      const images = new Set(pods.flatMap((p) => (p.spec as { containers: { image: string }[] }).containers.map((c) => c.image.split('/')[0])));
      expect(images).toEqual(expect.objectContaining(new Set(['docker.io', 'ghcr.io', 'registry.k8s.io', 'registry.shop.internal', 'quay.io'])));
    } finally {
      await sim.stop();
    }
  });

  it('is deterministic for a seed: same pods, same scenario target', async () => {
    const build = async () => {
      const sim = await startSimulator({ seed: 42, trafficIntervalMs: 0, speed: 50 });
      const pods = sim.store.list('Pod').map((p) => `${p.metadata.namespace}/${p.metadata.name}@${(p.spec as { nodeName: string }).nodeName}`);
      const target = sim.scenarios.start('crypto-miner').actor.pod;
      await sim.stop();
      return { pods, target };
    };
    const [a, b] = [await build(), await build()];
    expect(b).toEqual(a);
  });

  it('builds the large synthetic profile (150 namespaces × 20 workloads by default)', { timeout: 30_000 }, async () => {
    const sim = await startSimulator({ profile: 'large', trafficIntervalMs: 0 });
    try {
      const teams = sim.store.list('Namespace').filter((n) => n.metadata.name.startsWith('team-'));
      expect(teams).toHaveLength(150);
      expect(sim.store.list('Deployment').filter((d) => d.metadata.namespace?.startsWith('team-'))).toHaveLength(3000);
      const running = sim.store.list('Pod').filter((p) => p.metadata.namespace?.startsWith('team-') && (p.status as { podIP?: string }).podIP);
      expect(running).toHaveLength(3000);
      expect(new Set(running.map((p) => (p.status as { podIP: string }).podIP)).size).toBe(3000);
    } finally {
      await sim.stop();
    }
  });
});
