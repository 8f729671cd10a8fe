import type { TrafficEngine } from '../traffic/traffic-engine.js';
import type { ScenarioEngine } from './engine.js';
import { isScenarioName } from './engine.js';

/**
 * `/__sim/...` for a simulator running as a child process (admin token required, like any
 * non-resource path only cluster-admin may read):
 *   GET  /__sim/scenarios                 → { scenarios: ScenarioInfo[], statuses: ScenarioStatus[] }
 *   POST /__sim/scenarios/{name}/start?seed=N → ScenarioStatus
 *   POST /__sim/scenarios/{name}/stop     → ScenarioStatus
 *   GET  /__sim/scenarios/{name}          → ScenarioStatus
 *   GET  /__sim/stats                     → flow counters
 */
export function scenarioControl(engine: ScenarioEngine, traffic: TrafficEngine) {
  return (method: string, path: string, query: URLSearchParams): { code: number; body: unknown } | undefined => {
    if (path === '/__sim/scenarios' && method === 'GET') return { code: 200, body: { scenarios: engine.list(), statuses: engine.statuses() } };
    if (path === '/__sim/stats' && method === 'GET') return { code: 200, body: { flows: traffic.stats } };
    const m = /^\/__sim\/scenarios\/([a-z-]+)(?:\/(start|stop))?$/.exec(path);
    if (!m) return undefined;
    const name = m[1] as string;
    if (!isScenarioName(name)) return { code: 404, body: { message: `unknown scenario "${name}"` } };
    if (!m[2] && method === 'GET') return { code: engine.status(name) ? 200 : 404, body: engine.status(name) ?? { message: 'not started' } };
    if (m[2] === 'start' && method === 'POST') {
      const seed = query.get('seed');
      return { code: 200, body: engine.start(name, seed !== null ? { seed: Number(seed) } : {}) };
    }
    if (m[2] === 'stop' && method === 'POST') return { code: 200, body: engine.stop(name) ?? { message: 'not started' } };
    return undefined;
  };
}
