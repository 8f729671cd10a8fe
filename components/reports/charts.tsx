// Small SVG charts, rendered on the server (no chart library in the browser bundle). Each has a
// title for screen readers and the numbers in <title> tooltips.
const W = 640;
const H = 180;
const PAD = { left: 46, right: 8, top: 8, bottom: 22 };

export interface Series {
  key: string;
  label: string;
  color: string;
}

function label(week: string) {
  return week.slice(5).replace('-', '/');
}

/** The axis top: 1, 2, 4, 6, 8 or 10 × a power of ten, so the middle tick is a round number too. */
function niceTop(max: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(max, 1e-9)));
  return ([1, 2, 4, 6, 8, 10].map((m) => m * power).find((v) => v >= max) ?? 10 * power);
}

function scale(max: number) {
  const top = niceTop(max);
  return (v: number) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - v / top);
}

function Axis({ weeks, max, format, width = W }: { weeks: string[]; max: number; format: (v: number) => string; width?: number }) {
  const y = scale(max);
  const top = niceTop(max);
  const step = (width - PAD.left - PAD.right) / weeks.length;
  return (
    <g className="text-[10px]" fill="var(--color-muted)">
      {[0, top / 2, top].map((v) => (
        <g key={v}>
          <line x1={PAD.left} x2={width - PAD.right} y1={y(v)} y2={y(v)} stroke="var(--color-line)" strokeWidth={0.5} />
          <text x={PAD.left - 4} y={y(v) + 3} textAnchor="end">
            {format(v)}
          </text>
        </g>
      ))}
      {weeks.map((w, i) =>
        i % Math.ceil(weeks.length / (width < W ? 4 : 8)) === 0 ? (
          <text key={w} x={PAD.left + step * (i + 0.5)} y={H - 6} textAnchor="middle">
            {label(w)}
          </text>
        ) : null,
      )}
    </g>
  );
}

export function StackedBars({ title, weeks, series, value }: { title: string; weeks: string[]; series: Series[]; value: (week: string, key: string) => number }) {
  const totals = weeks.map((w) => series.reduce((sum, s) => sum + value(w, s.key), 0));
  const max = Math.max(1, ...totals);
  const y = scale(max);
  const step = (W - PAD.left - PAD.right) / weeks.length;
  return (
    <figure>
      <svg viewBox={`0 0 ${W} ${H}`} className="w-full" role="img" aria-label={title}>
        <Axis weeks={weeks} max={max} format={(v) => String(Math.round(v))} />
        {weeks.map((w, i) => {
          let base = 0;
          return (
            <g key={w}>
              {series.map((s) => {
                const v = value(w, s.key);
                if (!v) return null;
                const top = y(base + v);
                const rect = <rect key={s.key} x={PAD.left + step * i + 2} width={Math.max(1, step - 4)} y={top} height={y(base) - top} fill={s.color}><title>{`${label(w)} ${s.label}: ${v}`}</title></rect>;
                base += v;
                return rect;
              })}
            </g>
          );
        })}
      </svg>
      <Legend series={series} />
    </figure>
  );
}

export function LineChart({ title, weeks, series, values, target, format, compact }: {
  title: string;
  weeks: string[];
  series: Series[];
  values: (week: string, key: string) => number | null;
  target?: { key: string; value: number }[];
  format: (v: number) => string;
  /** Small multiple: no legend, fewer week labels. */
  compact?: boolean;
}) {
  const all = weeks.flatMap((w) => series.map((s) => values(w, s.key) ?? 0));
  const max = Math.max(1, ...all, ...(target ?? []).map((t) => t.value));
  const y = scale(max);
  const width = compact ? 400 : W;
  const step = (width - PAD.left - PAD.right) / weeks.length;
  const x = (i: number) => PAD.left + step * (i + 0.5);
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${H}`} className="w-full" role="img" aria-label={title}>
        <Axis weeks={weeks} max={max} format={format} width={width} />
        {series.map((s) => {
          const points = weeks.map((w, i) => [i, values(w, s.key)] as const).filter((p): p is readonly [number, number] => p[1] !== null);
          const t = target?.find((tt) => tt.key === s.key);
          return (
            <g key={s.key}>
              {t ? <line x1={PAD.left} x2={width - PAD.right} y1={y(t.value)} y2={y(t.value)} stroke={s.color} strokeDasharray="4 4" strokeWidth={1} opacity={0.6}><title>{`${s.label} target ${format(t.value)}`}</title></line> : null}
              <polyline fill="none" stroke={s.color} strokeWidth={2} points={points.map(([i, v]) => `${x(i)},${y(v)}`).join(' ')} />
              {points.map(([i, v]) => (
                <circle key={i} cx={x(i)} cy={y(v)} r={2.5} fill={s.color}>
                  <title>{`${label(weeks[i] ?? '')} ${s.label}: ${format(v)}`}</title>
                </circle>
              ))}
            </g>
          );
        })}
      </svg>
      {compact ? null : <Legend series={series} note={target ? 'dashed: target' : undefined} />}
    </figure>
  );
}

function Legend({ series, note }: { series: Series[]; note?: string }) {
  return (
    <figcaption className="mt-1 flex flex-wrap gap-3 text-xs text-muted">
      {series.map((s) => (
        <span key={s.key} className="flex items-center gap-1">
          <span className="inline-block h-2 w-2 rounded-sm" style={{ background: s.color }} />
          {s.label}
        </span>
      ))}
      {note ? <span>{note}</span> : null}
    </figcaption>
  );
}

export function BarList({ rows, testId }: { rows: { label: string; value: number; note?: string; href?: string }[]; testId?: string }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <ol className="space-y-1 text-sm" data-testid={testId}>
      {rows.map((r) => (
        <li key={r.label} className="relative rounded px-2 py-0.5">
          <span className="absolute inset-y-0 left-0 rounded bg-accent/15" style={{ width: `${(r.value / max) * 100}%` }} aria-hidden />
          <span className="relative flex justify-between gap-2">
            <span className="truncate font-mono text-xs">{r.label}</span>
            <span className="font-mono text-xs text-slate-300">
              {r.value}
              {r.note ? <span className="text-muted"> {r.note}</span> : null}
            </span>
          </span>
        </li>
      ))}
    </ol>
  );
}
