// The only reader of process.env. Validated once, on first use; a bad value stops start-up with a
// message naming the variable. Every variable is documented in the README.
import { z } from 'zod';
import { ROLES } from './auth/roles';
import { parseRoleMap } from './auth/oidc-roles';

const boolish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((value) => ['1', 'true', 'yes', 'on'].includes(value));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  CORDON_DATA_DIR: z.string().min(1).default('.cordon'),
  CORDON_PUBLIC_URL: z.string().url().optional(),
  // Signs sessions and derives the encryption key for secrets at rest. npm start generates one
  // into the data folder when unset; production deployments must set it.
  CORDON_SECRET: z.string().min(32, 'CORDON_SECRET must be at least 32 characters').optional(),
  CORDON_ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/=_-]{43,44}$/, 'CORDON_ENCRYPTION_KEY must be 32 bytes in base64')
    .optional(),
  CORDON_DEMO: boolish.optional(),
  CORDON_SIMULATOR: z.enum(['auto', 'on', 'off']).default('auto'),
  KUBECONFIG: z.string().optional(),
  /** Name of the cluster given by KUBECONFIG or in-cluster credentials (default: the context name / "in-cluster"). */
  CORDON_CLUSTER_NAME: z.string().min(1).max(60).optional(),
  CORDON_INGEST_TOKEN_HEADER: z.string().min(1).default('x-cordon-token'),
  // Per ingest token, per replica: sustained events per second (0: no limit) and the burst allowed
  // after an idle spell (default: two seconds' worth). docs/security.md.
  CORDON_INGEST_RATE_LIMIT: z.coerce.number().int().min(0).default(50_000),
  CORDON_INGEST_RATE_BURST: z.coerce.number().int().min(1).optional(),
  // Bearer token for GET /api/metrics; unset: served to loopback clients only (docs/operations.md).
  CORDON_METRICS_TOKEN: z.string().min(16, 'CORDON_METRICS_TOKEN must be at least 16 characters').optional(),
  CORDON_SECURE_COOKIES: boolish.optional(),
  // Believe X-Forwarded-For from the proxy in front (an ingress controller that replaces it with the
  // client's address). Off: the socket address is used, so a client cannot pick its own.
  CORDON_TRUST_PROXY: boolish.default(false),
  // Where in-cluster credentials are read: <root>/var/run/secrets/kubernetes.io/serviceaccount.
  // Empty in a pod; a folder for tests (and for running the console beside a copied token).
  CORDON_SERVICE_ACCOUNT_ROOT: z.string().default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Evidence store (docs/evidence.md): a folder (default $CORDON_DATA_DIR/evidence) or an
  // S3-compatible bucket when CORDON_EVIDENCE_S3_BUCKET is set.
  CORDON_EVIDENCE_DIR: z.string().min(1).optional(),
  CORDON_EVIDENCE_MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(1_048_576).default(4096),
  CORDON_EVIDENCE_VERIFY_INTERVAL_MIN: z.coerce.number().int().min(0).default(360),
  CORDON_EVIDENCE_S3_BUCKET: z.string().min(3).optional(),
  CORDON_EVIDENCE_S3_REGION: z.string().min(1).default('us-east-1'),
  CORDON_EVIDENCE_S3_ENDPOINT: z.string().url().optional(),
  CORDON_EVIDENCE_S3_PREFIX: z.string().default('evidence/'),
  CORDON_EVIDENCE_S3_FORCE_PATH_STYLE: boolish.optional(),
  CORDON_EVIDENCE_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  CORDON_EVIDENCE_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  CORDON_EVIDENCE_S3_OBJECT_LOCK: z.enum(['off', 'governance', 'compliance']).default('off'),
  CORDON_EVIDENCE_S3_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(365),
  // Password sign-in lockout per account (docs/security.md); 0 attempts turns it off.
  CORDON_SIGNIN_LOCKOUT_ATTEMPTS: z.coerce.number().int().min(0).max(1000).default(10),
  CORDON_SIGNIN_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  // OpenID Connect single sign-on (docs/security.md), on when CORDON_OIDC_ISSUER is set.
  CORDON_OIDC_ISSUER: z.string().url().optional(),
  CORDON_OIDC_CLIENT_ID: z.string().min(1).optional(),
  CORDON_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  CORDON_OIDC_NAME: z.string().trim().min(1).max(40).default('single sign-on'),
  CORDON_OIDC_SCOPES: z.string().trim().min(1).default('openid email profile'),
  CORDON_OIDC_GROUPS_CLAIM: z.string().trim().min(1).default('groups'),
  CORDON_OIDC_ROLE_MAP: z.string().trim().default(''),
  // "none": a user whose groups map to no role is refused (the safe default).
  CORDON_OIDC_DEFAULT_ROLE: z.enum(['none', ...ROLES]).default('none'),
}).superRefine((value, ctx) => {
  if (!value.CORDON_OIDC_ISSUER) return;
  if (!value.CORDON_OIDC_CLIENT_ID) {
    ctx.addIssue({ code: 'custom', path: ['CORDON_OIDC_CLIENT_ID'], message: 'required when CORDON_OIDC_ISSUER is set' });
  }
  const map = parseRoleMap(value.CORDON_OIDC_ROLE_MAP);
  if (!map.ok) {
    ctx.addIssue({ code: 'custom', path: ['CORDON_OIDC_ROLE_MAP'], message: map.error });
  } else if (map.map.size === 0 && value.CORDON_OIDC_DEFAULT_ROLE === 'none') {
    ctx.addIssue({
      code: 'custom',
      path: ['CORDON_OIDC_ROLE_MAP'],
      message: 'map at least one group to a role (e.g. "sec-admins=admin"), or set CORDON_OIDC_DEFAULT_ROLE: as it is, nobody could sign in',
    });
  }
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid environment:\n${problems.join('\n')}`);
  }
  cached = parsed.data;
  return cached;
}

/** For tests and the start script, which set variables after a first read. */
export function resetEnvCache(): void {
  cached = undefined;
}

export function publicUrl(): string {
  const e = env();
  return (e.CORDON_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
}

export function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (npm start sets it for the embedded database)');
  return url;
}
