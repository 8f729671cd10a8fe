// `npm run user:create -- --email a@example.com --name "A. Person" --role admin`, password on stdin.
// A production database starts with no accounts (the demo accounts are for the embedded database):
// this creates the first admin, who creates the others in Settings. In a cluster:
//   printf '%s' "$PASSWORD" | kubectl -n cordon exec -i deploy/cordon -- \
//     node --import tsx --import ./scripts/lib/register-hooks.mjs scripts/create-user.ts --email … --name … --role admin
// The password is read from stdin, never from the command line (process lists, shell history).
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', default: 'admin' } },
  strict: true,
});

function fail(message: string, code = 2): never {
  console.error(`[cordon] ${message}`);
  process.exit(code);
}

if (!process.env.DATABASE_URL) fail('DATABASE_URL is not set');
if (!values.email || !values.name) fail('usage: create-user --email <address> --name <name> [--role viewer|analyst|responder|admin] < password');

let password = '';
for await (const chunk of process.stdin) password += String(chunk);
password = password.replace(/\r?\n$/, '');

const { createUserSchema } = await import('../lib/users/schemas');
const parsed = createUserSchema.safeParse({ email: values.email, name: values.name, role: values.role, password });
if (!parsed.success) fail(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));

const { createUser } = await import('../lib/users/commands/create-user');
const { disconnectDb } = await import('../lib/db/client');
try {
  const { id } = await createUser(parsed.data, { type: 'system', id: null, label: 'create-user script' });
  console.log(`[cordon] created ${parsed.data.role} ${parsed.data.email} (${id})`);
} catch (error) {
  const { isAppError } = await import('../lib/errors');
  fail(isAppError(error) ? error.userMessage : error instanceof Error ? error.message : String(error), 1);
} finally {
  await disconnectDb();
}
