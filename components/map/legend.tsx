'use client';

import { useState } from 'react';

const SWATCH = 'inline-block h-3 w-4 rounded-sm align-middle';

/** What the colours and borders mean; folded away until asked. */
export function MapLegend() {
  const [open, setOpen] = useState(false);
  return (
    <div className="absolute right-2 top-2 rounded border border-line bg-panel/90 p-2 text-xs">
      <button type="button" className="text-muted hover:text-white" aria-expanded={open} onClick={() => setOpen(!open)}>
        Legend
      </button>
      {open ? (
        <ul className="mt-1 space-y-1" data-testid="map-legend">
          <li>
            <span className={`${SWATCH} bg-rose-600`} /> <span className={`${SWATCH} bg-orange-500`} /> <span className={`${SWATCH} bg-yellow-500`} /> open incident (critical, high, medium)
          </li>
          <li>
            <span className={`${SWATCH} border-2 border-dashed border-slate-400`} /> isolated by Cordon
          </li>
          <li>
            <span className={`${SWATCH} outline outline-2 outline-sky-400`} /> exposed to the internet
          </li>
          <li>
            <span className={`${SWATCH} border-4 border-double border-pink-400`} /> privileged or wide service account
          </li>
          <li>
            <span className={`${SWATCH} border-2 border-amber-400`} /> image from an unknown registry
          </li>
          <li>
            <span className={`${SWATCH} bg-amber-500/40`} /> new since the baseline
          </li>
          <li>
            <span className="inline-block w-6 border-t-2 border-slate-500 align-middle" /> allowed flow (width: volume) ·{' '}
            <span className="inline-block w-6 border-t-2 border-dashed border-rose-500 align-middle" /> dropped
          </li>
          <li>
            <span className="inline-block w-6 border-t-2 border-sky-400 align-middle" /> exposure path ·{' '}
            <span className="inline-block w-6 border-t-2 border-rose-400 align-middle" /> blast radius
          </li>
          <li className="text-muted">Double-click a collapsed namespace to expand.</li>
        </ul>
      ) : null}
    </div>
  );
}
