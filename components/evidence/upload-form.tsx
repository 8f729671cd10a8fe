'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { UPLOAD_TYPES, type UploadType } from '@/lib/evidence/schemas';

/** Streams the file as the request body (XHR, for progress); the server streams it to the store. */
export function UploadForm({ incidentId }: { incidentId: number }) {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [type, setType] = useState<UploadType>('disk_manifest');
  const [description, setDescription] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!file) return;
    const form = event.currentTarget;
    const params = new URLSearchParams({ incidentId: String(incidentId), filename: file.name, type, description });
    if (file.type && type === 'other') params.set('mediaType', file.type);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/evidence?${params.toString()}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => setProgress(e.lengthComputable ? Math.round((e.loaded / e.total) * 100) : null);
    xhr.onload = () => {
      setProgress(null);
      const body = safeJson(xhr.responseText);
      if (xhr.status === 201) {
        setMessage({ ok: true, text: `Uploaded. SHA-256 ${String(body.sha256)}` });
        setFile(null);
        setDescription('');
        form.reset();
        router.refresh();
      } else {
        setMessage({ ok: false, text: typeof body.message === 'string' ? body.message : `Upload failed (${xhr.status}).` });
      }
    };
    xhr.onerror = () => {
      setProgress(null);
      setMessage({ ok: false, text: 'Upload failed: the connection was lost.' });
    };
    setMessage(null);
    setProgress(0);
    xhr.send(file);
  };

  return (
    <details className="rounded border border-line p-2 text-sm">
      <summary className="cursor-pointer text-xs text-muted hover:text-white">Upload an artifact</summary>
      <form onSubmit={submit} className="mt-2 space-y-2" aria-label="Upload evidence">
        <label className="block text-xs text-muted">
          What it is
          <select value={type} onChange={(e) => setType(e.target.value as UploadType)} className="mt-0.5 block w-full rounded border border-line bg-surface p-1 text-sm text-slate-200">
            {Object.entries(UPLOAD_TYPES).map(([value, t]) => (
              <option key={value} value={value}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-xs text-muted">
          File
          <input type="file" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} className="mt-0.5 block w-full text-xs text-slate-200" />
        </label>
        <label className="block text-xs text-muted">
          Description
          <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} maxLength={2000} className="mt-0.5 block w-full rounded border border-line bg-surface p-1 text-sm text-slate-200" />
        </label>
        <button type="submit" disabled={!file || progress !== null} className="rounded bg-accent px-3 py-1 text-xs font-medium text-slate-950 disabled:opacity-60">
          {progress !== null ? `Uploading… ${progress}%` : 'Upload'}
        </button>
        {message ? (
          <p role={message.ok ? 'status' : 'alert'} className={`break-all text-xs ${message.ok ? 'text-emerald-300' : 'text-rose-300'}`}>
            {message.text}
          </p>
        ) : null}
      </form>
    </details>
  );
}

function safeJson(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}
