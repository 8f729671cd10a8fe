export const padLeft = (v: string | number, n: number) => String(v).padStart(n);
export const padRight = (v: string | number, n: number) => String(v).padEnd(n);

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `ls -l` date: "Nov 23 16:10" within six months, "Nov 23  2024" before. */
export function lsDate(ms: number, now: number): string {
  const d = new Date(ms);
  const day = String(d.getUTCDate()).padStart(2);
  const month = MONTHS[d.getUTCMonth()];
  if (now - ms > 182 * 86_400_000) return `${month} ${day}  ${d.getUTCFullYear()}`;
  return `${month} ${day} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** procps START/STIME: HH:MM today, "Nov20" for older processes. */
export function clockTime(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  if (now - ms > 86_400_000) return `${MONTHS[d.getUTCMonth()]}${String(d.getUTCDate()).padStart(2, '0')}`;
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** Cumulative CPU time as [[hh:]mm:ss] given a share of a core over an interval. */
export function cpuTime(cpuPercent: number, elapsedMs: number, long: boolean): string {
  const seconds = Math.floor((cpuPercent / 100) * (elapsedMs / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return long ? `${two(h)}:${two(m)}:${two(s)}` : `${h * 60 + m}:${two(s)}`;
}
