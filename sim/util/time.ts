/** Kubernetes timestamps: RFC 3339 with second precision for metadata, microseconds for MicroTime. */
export function rfc3339(date: Date | number = Date.now()): string {
  const d = typeof date === 'number' ? new Date(date) : date;
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function microTime(date: Date | number = Date.now()): string {
  const d = typeof date === 'number' ? new Date(date) : date;
  return d.toISOString().replace(/Z$/, '000Z');
}

/** Falco time: RFC 3339 with nanoseconds. */
export function nanoTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  const extra = String(Math.floor((ms % 1) * 1e6)).padStart(6, '0');
  return iso.replace(/Z$/, `${extra}Z`);
}

/** `kubectl`-style short age: 45s, 3m12s, 5h, 2d3h. */
export function humanAge(fromIso: string | undefined, now = Date.now()): string {
  if (!fromIso) return '<unknown>';
  const seconds = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (days < 8) return `${days}d${hours % 24}h`;
  return `${days}d`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
