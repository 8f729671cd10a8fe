import type { Pod } from '../api/types.js';
import type { ContainerRuntime, SimFile } from '../runtime/pod-runtimes.js';
import { hashString } from '../util/random.js';

export interface FsEntry {
  path: string;
  type: 'd' | '-' | 'l';
  mode: string;
  owner: string;
  size: number;
  mtimeMs: number;
  content?: string;
}

const BASE_DIRS = ['/', '/bin', '/boot', '/dev', '/dev/shm', '/etc', '/home', '/lib', '/media', '/mnt', '/opt', '/proc', '/root', '/run', '/sbin', '/srv', '/sys', '/tmp', '/usr', '/usr/bin', '/usr/local', '/usr/local/bin', '/usr/share', '/var', '/var/log', '/var/run', '/var/run/secrets', '/var/run/secrets/kubernetes.io', '/var/run/secrets/kubernetes.io/serviceaccount'];

function osRelease(os: string): string {
  if (os === 'alpine') return 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME="Alpine Linux v3.20"\nHOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n';
  if (os === 'distroless') return 'PRETTY_NAME="Distroless"\nNAME="Debian GNU/Linux"\nID="debian"\nVERSION_ID="12"\nVERSION="Debian GNU/Linux 12 (bookworm)"\nHOME_URL="https://github.com/GoogleContainerTools/distroless"\n';
  return 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n';
}

function passwd(container: ContainerRuntime): string {
  const lines = ['root:x:0:0:root:/root:/bin/sh', 'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin', 'bin:x:2:2:bin:/bin:/usr/sbin/nologin', 'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin'];
  const u = container.profile.user;
  if (u.uid !== 0) lines.push(`${u.name}:x:${u.uid}:${u.gid}::${u.home}:/bin/sh`);
  for (const p of container.processes) {
    if (p.user === 'nginx' && !lines.some((l) => l.startsWith('nginx:'))) lines.push('nginx:x:101:101:nginx user:/nonexistent:/bin/false');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The container's filesystem as far as `ls`, `cat` and `find` need it: the base image layout,
 * the app's files, the service-account mount, /proc for the running processes, and every file a
 * scenario dropped (with its real modification time, so `find -newer` shows it).
 */
export function buildFilesystem(pod: Pod, container: ContainerRuntime, saToken: string | undefined): Map<string, FsEntry> {
  const fs = new Map<string, FsEntry>();
  const imageBuilt = container.startedAtMs - (5 + (hashString(container.image) % 40)) * 86_400_000;
  const dir = (path: string, mtimeMs = imageBuilt, owner = 'root', mode = 'rwxr-xr-x') => fs.set(path, { path, type: 'd', mode, owner, size: 4096, mtimeMs });
  const file = (path: string, content: string | undefined, size: number, mtimeMs = imageBuilt, owner = 'root', mode = 'rw-r--r--') => {
    ensureParents(path);
    fs.set(path, { path, type: '-', mode, owner, size: content !== undefined ? Buffer.byteLength(content) : size, mtimeMs, content });
  };
  const ensureParents = (path: string) => {
    const parts = path.split('/').filter(Boolean);
    for (let i = 1; i < parts.length; i++) {
      const p = `/${parts.slice(0, i).join('/')}`;
      if (!fs.has(p)) dir(p);
    }
  };
  for (const d of BASE_DIRS) dir(d);
  dir('/tmp', imageBuilt, 'root', 'rwxrwxrwt');
  dir('/dev/shm', container.startedAtMs, 'root', 'rwxrwxrwt');
  const p = container.profile;
  const ns = pod.metadata.namespace ?? 'default';
  file('/etc/hostname', `${pod.metadata.name}\n`, 0, container.startedAtMs);
  file('/etc/hosts', `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n${pod.status?.podIP ?? '10.244.0.2'}\t${pod.metadata.name}\n`, 0, container.startedAtMs);
  file('/etc/resolv.conf', `search ${ns}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n`, 0, container.startedAtMs);
  file('/etc/os-release', osRelease(p.os), 0);
  file('/etc/passwd', passwd(container), 0);
  file('/etc/group', 'root:x:0:\ndaemon:x:1:\nnogroup:x:65534:\n', 0);
  file('/etc/shadow', 'root:*:19993:0:99999:7:::\ndaemon:*:19993:0:99999:7:::\nnobody:*:19993:0:99999:7:::\n', 0, imageBuilt, 'root', 'rw-r-----');
  for (const f of p.appFiles) file(f.path, undefined, f.size);
  const saDir = '/var/run/secrets/kubernetes.io/serviceaccount';
  file(`${saDir}/namespace`, ns, 0, container.startedAtMs);
  file(`${saDir}/ca.crt`, '-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIT2Fm1NSk3dQwDQYJKoZIhvcNAQELBQAwFTETMBEGA1UE\n-----END CERTIFICATE-----\n', 0, container.startedAtMs);
  file(`${saDir}/token`, saToken ?? 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImNvcmRvbi1zaW0ifQ.e30.c2lt', 0, container.startedAtMs);
  for (const proc of container.processes) {
    dir(`/proc/${proc.pid}`, proc.startedAtMs, proc.user, 'r-xr-xr-x');
    file(`/proc/${proc.pid}/cmdline`, `${proc.command.split(' ').join('\0')}\0`, 0, proc.startedAtMs, proc.user, 'r--r--r--');
  }
  for (const f of container.files) addDropped(fs, f, ensureParents);
  return fs;
}

function addDropped(fs: Map<string, FsEntry>, f: SimFile, ensureParents: (path: string) => void): void {
  ensureParents(f.path);
  fs.set(f.path, { path: f.path, type: '-', mode: f.mode ?? 'rwxr-xr-x', owner: f.owner ?? 'root', size: f.content !== undefined ? Buffer.byteLength(f.content) : f.size, mtimeMs: f.mtimeMs, content: f.content });
}

export function childrenOf(fs: Map<string, FsEntry>, dirPath: string): FsEntry[] {
  const prefix = dirPath === '/' ? '/' : `${dirPath}/`;
  return [...fs.values()].filter((e) => e.path !== dirPath && e.path.startsWith(prefix) && !e.path.slice(prefix.length).includes('/')).sort((a, b) => a.path.localeCompare(b.path));
}

export function resolvePath(cwd: string, path: string): string {
  const joined = path.startsWith('/') ? path : `${cwd.replace(/\/$/, '')}/${path}`;
  const out: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}
