import type { Container } from '../api/types.js';

export type OsFlavor = 'debian' | 'alpine' | 'distroless';

export interface ProcessSpec {
  command: string;
  user: string;
  /** Relative start: 0 = container start. */
  cpu: number;
  memMb: number;
  children?: number;
  childCommand?: string;
  childUser?: string;
}

export interface ImageProfile {
  os: OsFlavor;
  /** Login shell used for `sh -c` messages: dash on Debian, busybox ash on Alpine. */
  shell: 'dash' | 'busybox' | 'none';
  user: { name: string; uid: number; gid: number; home: string };
  workdir: string;
  processes: ProcessSpec[];
  env: Record<string, string>;
  appFiles: { path: string; size: number }[];
}

const root = { name: 'root', uid: 0, gid: 0, home: '/root' };

function profile(p: Partial<ImageProfile> & Pick<ImageProfile, 'processes'>): ImageProfile {
  const os = p.os ?? 'debian';
  return {
    os,
    shell: p.shell ?? (os === 'alpine' ? 'busybox' : os === 'distroless' ? 'none' : 'dash'),
    user: p.user ?? root,
    workdir: p.workdir ?? '/',
    processes: p.processes,
    env: p.env ?? {},
    appFiles: p.appFiles ?? [],
  };
}

/** What runs in a container of a given image, for `ps`, `netstat`, `ls` and `cat /proc/1/cmdline`. */
export function profileForContainer(container: Container): ImageProfile {
  const image = container.image ?? '';
  const name = image.split('@')[0]?.split(':')[0]?.split('/').pop() ?? '';
  const explicit = [...(container.command ?? []), ...(container.args ?? [])].join(' ');
  const port = container.ports?.[0]?.containerPort ?? 8080;
  const withCommand = (p: ImageProfile): ImageProfile => {
    if (!explicit || !p.processes[0]) return p;
    return { ...p, processes: [{ ...p.processes[0], command: explicit }, ...p.processes.slice(1)] };
  };
  const node = { name: 'node', uid: 1000, gid: 1000, home: '/home/node' };
  if (name.includes('nginx') || name.includes('frontend-static')) {
    return withCommand(profile({
      processes: [{ command: 'nginx: master process nginx -g daemon off;', user: 'root', cpu: 0.0, memMb: 9, children: 2, childCommand: 'nginx: worker process', childUser: 'nginx' }],
      env: { NGINX_VERSION: '1.27.3', NJS_VERSION: '0.8.7', PKG_RELEASE: '1~bookworm' },
      appFiles: [{ path: '/usr/share/nginx/html/index.html', size: 615 }, { path: '/etc/nginx/nginx.conf', size: 648 }, { path: '/etc/nginx/conf.d/default.conf', size: 1093 }],
    }));
  }
  if (name.includes('postgres')) {
    const pg = { name: 'postgres', uid: 999, gid: 999, home: '/var/lib/postgresql' };
    return withCommand(profile({
      user: pg,
      processes: [
        { command: 'postgres', user: 'postgres', cpu: 0.3, memMb: 210 },
        { command: 'postgres: checkpointer ', user: 'postgres', cpu: 0, memMb: 12 },
        { command: 'postgres: background writer ', user: 'postgres', cpu: 0, memMb: 8 },
        { command: 'postgres: walwriter ', user: 'postgres', cpu: 0, memMb: 8 },
        { command: 'postgres: autovacuum launcher ', user: 'postgres', cpu: 0, memMb: 9 },
        { command: 'postgres: logical replication launcher ', user: 'postgres', cpu: 0, memMb: 7 },
      ],
      env: { PG_MAJOR: '16', PG_VERSION: '16.4-1.pgdg120+1', PGDATA: '/var/lib/postgresql/data' },
      appFiles: [{ path: '/var/lib/postgresql/data/PG_VERSION', size: 3 }, { path: '/var/lib/postgresql/data/postgresql.conf', size: 29_742 }],
    }));
  }
  if (name.includes('redis')) {
    return withCommand(profile({ os: 'alpine', user: { name: 'redis', uid: 999, gid: 1000, home: '/data' }, workdir: '/data', processes: [{ command: `redis-server *:${port}`, user: 'redis', cpu: 0.2, memMb: 14 }], env: { REDIS_VERSION: '7.4.1' } }));
  }
  if (name.includes('rabbitmq')) {
    return withCommand(profile({ user: { name: 'rabbitmq', uid: 999, gid: 999, home: '/var/lib/rabbitmq' }, processes: [{ command: '/opt/erlang/lib/erlang/erts-14.2.5/bin/beam.smp -W w -MBas ageffcbf -- -root /opt/erlang/lib/erlang -progname erl -- -home /var/lib/rabbitmq -- -noshell -noinput -s rabbit boot', user: 'rabbitmq', cpu: 1.1, memMb: 142 }, { command: 'erl_child_setup 1048576', user: 'rabbitmq', cpu: 0, memMb: 2 }] }));
  }
  if (['coredns', 'metrics-server', 'kube-proxy', 'hubble-relay', 'alertmanager', 'prometheus', 'argocd', 'catalog', 'payment'].some((n) => name.includes(n)) || image.startsWith('registry.k8s.io/')) {
    const binary = name.includes('prometheus') ? '/bin/prometheus --config.file=/etc/prometheus/prometheus.yml --storage.tsdb.path=/prometheus' : name.includes('alertmanager') ? '/bin/alertmanager --config.file=/etc/alertmanager/alertmanager.yml' : name.includes('coredns') ? '/coredns -conf /etc/coredns/Corefile' : `/${name} --port=${port}`;
    const os: OsFlavor = name.includes('prometheus') || name.includes('alertmanager') ? 'alpine' : 'distroless';
    return withCommand(profile({ os, user: { name: 'nonroot', uid: 65532, gid: 65532, home: '/home/nonroot' }, processes: [{ command: binary, user: os === 'alpine' ? 'nobody' : 'nonroot', cpu: 0.4, memMb: 38 }] }));
  }
  if (name.includes('cilium')) {
    return withCommand(profile({ processes: [{ command: 'cilium-agent --config-dir=/tmp/cilium/config-map', user: 'root', cpu: 2.1, memMb: 210 }, { command: 'cilium-health-responder --listen 4240 --pidfile /var/run/cilium/state/health-endpoint.pid', user: 'root', cpu: 0, memMb: 11 }] }));
  }
  if (name.includes('grafana')) {
    return withCommand(profile({ os: 'alpine', user: { name: 'grafana', uid: 472, gid: 0, home: '/usr/share/grafana' }, workdir: '/usr/share/grafana', processes: [{ command: 'grafana server --homepath=/usr/share/grafana --config=/etc/grafana/grafana.ini --packaging=docker', user: 'grafana', cpu: 0.6, memMb: 96 }] }));
  }
  if (name.includes('runner')) {
    return withCommand(profile({ user: { name: 'runner', uid: 1001, gid: 1001, home: '/home/runner' }, workdir: '/home/runner', processes: [{ command: '/bin/bash /home/runner/run.sh', user: 'runner', cpu: 0, memMb: 4 }, { command: '/home/runner/bin/Runner.Listener run --startuptype service', user: 'runner', cpu: 0.3, memMb: 88 }] }));
  }
  if (name.includes('python') || name.includes('recommend') || name.includes('user') || name.includes('worker')) {
    return withCommand(profile({ user: { name: 'app', uid: 10001, gid: 10001, home: '/app' }, workdir: '/app', processes: [{ command: `/usr/local/bin/python /usr/local/bin/gunicorn --bind 0.0.0.0:${port} --workers 2 app.main:app`, user: 'app', cpu: 0.5, memMb: 64, children: 2, childCommand: `/usr/local/bin/python /usr/local/bin/gunicorn --bind 0.0.0.0:${port} --workers 2 app.main:app`, childUser: 'app' }], env: { PYTHON_VERSION: '3.12.7', PYTHONUNBUFFERED: '1' }, appFiles: [{ path: '/app/app/main.py', size: 4_812 }, { path: '/app/requirements.txt', size: 311 }] }));
  }
  if (name.includes('java') || name.includes('checkout') || name.includes('keycloak') || name.includes('kafka')) {
    return withCommand(profile({ user: { name: 'app', uid: 1001, gid: 1001, home: '/app' }, workdir: '/app', processes: [{ command: 'java -XX:MaxRAMPercentage=75.0 -XX:+UseG1GC -jar /app/app.jar', user: 'app', cpu: 1.8, memMb: 412 }], env: { JAVA_HOME: '/opt/java/openjdk', JAVA_VERSION: 'jdk-21.0.5+11' }, appFiles: [{ path: '/app/app.jar', size: 48_221_004 }] }));
  }
  // Default: a Node.js service (the shop frontend and most APIs).
  return withCommand(profile({
    os: 'alpine',
    user: node,
    workdir: '/app',
    processes: [{ command: 'node server.js', user: 'node', cpu: 0.7, memMb: 88 }],
    env: { NODE_VERSION: '22.11.0', YARN_VERSION: '1.22.22', NODE_ENV: 'production' },
    appFiles: [{ path: '/app/server.js', size: 6_204 }, { path: '/app/package.json', size: 1_187 }, { path: '/app/.env', size: 412 }],
  }));
}
