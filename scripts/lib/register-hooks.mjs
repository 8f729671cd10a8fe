// Loaded with `--import` by every script that runs server code outside Next.js (start, seed,
// benchmarks): `server-only` throws unless bundled for React Server Components, and this code
// is server code by definition.
import { register } from 'node:module';

register('./resolve-hooks.mjs', import.meta.url);
