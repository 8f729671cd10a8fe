import type { EvidenceSource } from '@/lib/evidence/store';

export function formatSize(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KiB`;
  if (size < 1024 ** 3) return `${(size / 1024 / 1024).toFixed(1)} MiB`;
  return `${(size / 1024 ** 3).toFixed(2)} GiB`;
}

export function sourceText(source: EvidenceSource): string {
  const parts = [
    source.cluster ? `cluster ${source.cluster}` : null,
    source.namespace && source.pod ? `${source.namespace}/${source.pod}` : source.namespace ? `ns ${source.namespace}` : source.pod ? `pod ${source.pod}` : null,
    source.container ? `container ${source.container}` : null,
    source.node ? `node ${source.node}` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'outside Cordon (uploaded) or not recorded';
}
