// Entry of the commit worker thread: the server is TypeScript, so the worker registers the same
// loaders the server runs with (tsx, and `server-only` resolving for server code), then loads it.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
register('../../../scripts/lib/resolve-hooks.mjs', import.meta.url);
await import('./commit-worker.ts');
