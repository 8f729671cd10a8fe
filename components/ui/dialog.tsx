'use client';

import { useEffect, useRef, type ReactNode } from 'react';

/** A modal on the native <dialog> element: focus trapping, Escape and the backdrop for free. */
export function Dialog({ title, onClose, children, wide }: { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-label={title}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className={`m-auto w-full ${wide ? 'max-w-3xl' : 'max-w-lg'} rounded-lg border border-line bg-panel p-0 text-slate-200 shadow-2xl backdrop:bg-black/60`}
    >
      <div className="flex items-center justify-between border-b border-line px-4 py-2">
        <h2 className="font-semibold">{title}</h2>
        <button type="button" onClick={onClose} aria-label="Close dialog" className="text-muted hover:text-white">
          ✕
        </button>
      </div>
      <div className="p-4">{children}</div>
    </dialog>
  );
}
