// Structured JSON logs (pino). Secrets never reach a log line: credentials in headers, bodies and
// configuration are redacted by path.
import pino from 'pino';
import { env } from './env';
import { currentRequestId } from './server/request-context';

const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-cordon-token"]',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.token',
  '*.secret',
  '*.kubeconfig',
  '*.routingKey',
  '*.webhookUrl',
  'password',
  'token',
  'secret',
  'kubeconfig',
];

const globalForLog = globalThis as unknown as { cordonLogger?: pino.Logger };

export const logger: pino.Logger =
  globalForLog.cordonLogger ??
  (globalForLog.cordonLogger = pino({
    level: env().LOG_LEVEL,
    base: { service: 'cordon' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Lines written while an HTTP request is served carry its id (lib/server/request-context.ts).
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  }));
