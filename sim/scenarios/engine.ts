import { SCENARIOS } from './catalog/index.js';
import type { ScenarioDeps } from './kit.js';
import { ScenarioRun } from './kit.js';
import type { ScenarioInfo, ScenarioName, ScenarioStatus } from './types.js';

export function isScenarioName(name: string): name is ScenarioName {
  return Object.prototype.hasOwnProperty.call(SCENARIOS, name);
}

/** Starts, stops and reports the attack scenarios (one run per scenario at a time). */
export class ScenarioEngine {
  private readonly runs = new Map<ScenarioName, ScenarioRun>();

  constructor(
    private readonly deps: ScenarioDeps,
    private readonly defaultSeed: number,
  ) {}

  list(): ScenarioInfo[] {
    return Object.values(SCENARIOS).map((d) => ({ ...structuredClone(d.info), actor: { ...d.info.actor } }));
  }

  /** Starts a scenario; starting one that is already running returns its status unchanged. */
  start(name: string, opts: { seed?: number } = {}): ScenarioStatus {
    if (!isScenarioName(name)) throw new Error(`unknown scenario "${name}"; known: ${Object.keys(SCENARIOS).join(', ')}`);
    const existing = this.runs.get(name);
    if (existing?.status.running) return existing.status;
    const run = new ScenarioRun(this.deps, SCENARIOS[name], opts.seed ?? this.defaultSeed);
    this.runs.set(name, run);
    SCENARIOS[name].start(run);
    return run.status;
  }

  stop(name: string): ScenarioStatus | undefined {
    if (!isScenarioName(name)) return undefined;
    const run = this.runs.get(name);
    run?.stop();
    return run?.status;
  }

  stopAll(): void {
    for (const run of this.runs.values()) run.stop();
  }

  status(name: string): ScenarioStatus | undefined {
    return isScenarioName(name) ? this.runs.get(name)?.status : undefined;
  }

  statuses(): ScenarioStatus[] {
    return [...this.runs.values()].map((r) => r.status);
  }
}
