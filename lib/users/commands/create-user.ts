import 'server-only';
import { hashPassword } from 'better-auth/crypto';
import { writeAudit, type AuditActor } from '../../audit/write-audit';
import { authDb } from '../../db/client';
import { AppError } from '../../errors';
import { createUserSchema, type CreateUserInput } from '../schemas';

/**
 * Creates a local account: the user row and a better-auth "credential" account holding the
 * scrypt hash of the password, in one transaction with its audit record.
 */
export async function createUser(input: CreateUserInput, actor: AuditActor): Promise<{ id: string }> {
  const data = createUserSchema.parse(input);
  const passwordHash = await hashPassword(data.password);
  const id = crypto.randomUUID();
  try {
    await authDb.$transaction(async (tx) => {
      await tx.user.create({ data: { id, email: data.email, name: data.name, role: data.role, emailVerified: true } });
      await tx.account.create({
        data: { id: crypto.randomUUID(), accountId: id, providerId: 'credential', userId: id, password: passwordHash },
      });
      await writeAudit(tx, actor, {
        action: 'user.create',
        targetType: 'user',
        targetId: id,
        details: { email: data.email, role: data.role },
      });
    });
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002') {
      throw new AppError('conflict', { userMessage: `A user with the email ${data.email} already exists.` });
    }
    throw error;
  }
  return { id };
}
