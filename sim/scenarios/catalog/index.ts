import type { ScenarioDefinition } from '../kit.js';
import type { ScenarioName } from '../types.js';
import { cryptoMiner } from './crypto-miner.js';
import { kubectlExec } from './kubectl-exec.js';
import { metadataCredentialTheft } from './metadata-credential-theft.js';
import { publicExposure } from './public-exposure.js';
import { rbacEscalation } from './rbac-escalation.js';
import { reverseShell } from './reverse-shell.js';
import { rogueWorkload } from './rogue-workload.js';

export const SCENARIOS: Record<ScenarioName, ScenarioDefinition> = {
  'crypto-miner': cryptoMiner,
  'reverse-shell': reverseShell,
  'kubectl-exec': kubectlExec,
  'rbac-escalation': rbacEscalation,
  'public-exposure': publicExposure,
  'rogue-workload': rogueWorkload,
  'metadata-credential-theft': metadataCredentialTheft,
};
