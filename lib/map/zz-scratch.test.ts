import { describe, it } from 'vitest';
import { useTestDatabase } from '../test/database';
import { seedMapAtScale } from '../test/map-scale-seed';
import { loadMapGraph } from './graph';
import { loadEdges } from './load-edges';
import { loadInventoryNodes } from './load-nodes';
import { loadMapContext } from './context';

const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
describe('scratch', () => {
  useTestDatabase();
  it('profile', async () => {
    const clusterId = 'scale-cluster';
    await seedMapAtScale(clusterId);
    const ctx = await loadMapContext(clusterId);
    const from = new Date(Date.now() - 3600_000);
    const t: Record<string, number[]> = { ctx: [], edges1h: [], edges2d: [], nodes: [], graph1h: [], graph2d: [], json: [] };
    for (let i = 0; i < 7; i++) {
      let s = performance.now(); await loadMapContext(clusterId); t.ctx!.push(performance.now() - s);
      s = performance.now(); await loadEdges({ clusterId, from, to: new Date(), learningEndsAt: ctx.learningEndsAt, limit: 30000 }); t.edges1h!.push(performance.now() - s);
      s = performance.now(); await loadEdges({ clusterId, from: new Date(Date.now() - 2 * 86400_000), to: new Date(), learningEndsAt: ctx.learningEndsAt, limit: 30000 }); t.edges2d!.push(performance.now() - s);
      s = performance.now(); await loadInventoryNodes(ctx, null); t.nodes!.push(performance.now() - s);
      s = performance.now(); const g = await loadMapGraph({ clusterId }); t.graph1h!.push(performance.now() - s);
      s = performance.now(); JSON.stringify(g); t.json!.push(performance.now() - s);
      s = performance.now(); await loadMapGraph({ clusterId, from: new Date(Date.now() - 2 * 86400_000) }); t.graph2d!.push(performance.now() - s);
    }
    console.log('PROFILE', Object.entries(t).map(([k, v]) => `${k}=${Math.round(med(v))}`).join(' '));
  }, 300_000);
});
