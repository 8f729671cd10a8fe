'use client';

import { useRouter } from 'next/navigation';
import { useState, type ChangeEvent } from 'react';

export function MapSnapshotUpload({ incidentId }: { incidentId: number }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    const response = await fetch(`/api/reports/${incidentId}/map-snapshot`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: file });
    const body = (await response.json().catch(() => ({}))) as { message?: string; sha256?: string };
    setMessage(response.ok ? { ok: true, text: `Attached. SHA-256 ${body.sha256}` } : { ok: false, text: body.message ?? `Upload failed (${response.status}).` });
    if (response.ok) router.refresh();
  };
  return (
    <div className="text-xs">
      <label className="text-muted">
        Attach a map snapshot (PNG){' '}
        <input type="file" accept="image/png" onChange={(e) => void upload(e)} className="text-xs text-slate-200" />
      </label>
      {message ? <p role={message.ok ? 'status' : 'alert'} className={`break-all ${message.ok ? 'text-emerald-300' : 'text-rose-300'}`}>{message.text}</p> : null}
    </div>
  );
}
