/**
 * Where to go after sign-in. Only same-site paths are allowed: `//evil.example` and
 * `/\evil.example` are protocol-relative URLs in browsers, so they are refused too.
 */
export function safeNextPath(value: string | null | undefined, fallback = '/incidents'): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  for (let i = 0; i < value.length; i += 1) {
    if (value.charCodeAt(i) < 0x20) return fallback; // control characters, e.g. a smuggled newline
  }
  return value;
}
