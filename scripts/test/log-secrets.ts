// After the end-to-end run: the consoles' complete output (both replicas, every request of every
// spec) must not contain a secret. Known values are looked for verbatim; secrets whose values the
// runner never sees (ingest tokens created in Settings, session tokens) by their shape.

export interface KnownSecret {
  /** What it is, for the report; the value itself is never printed. */
  name: string;
  value: string;
}

const SHAPES: { name: string; pattern: RegExp }[] = [
  { name: 'an ingest token', pattern: /cordon_[a-z]{3}_[A-Za-z0-9_-]{32}/ },
  { name: 'a session cookie', pattern: /session_token=[A-Za-z0-9._%-]{16,}/i },
  { name: 'a bearer credential', pattern: /Bearer\s+[A-Za-z0-9._~+/-]{20,}/ },
  { name: 'a password field with a value', pattern: /"password"\s*:\s*"[^"*[\]]/i },
];

/** Names of the secrets found in `output` (empty: clean). */
export function findSecretsInLogs(output: string, known: KnownSecret[]): string[] {
  const found: string[] = [];
  for (const secret of known) {
    // Very short values would match by accident; none of the secrets checked is that short.
    if (secret.value.length >= 8 && output.includes(secret.value)) found.push(secret.name);
  }
  for (const shape of SHAPES) if (shape.pattern.test(output)) found.push(shape.name);
  return found;
}
