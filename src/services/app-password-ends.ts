import { deleteAllAppPasswords, deleteAppPassword, listAppPasswords } from '../repos/app-passwords.js';
import { ServiceError } from './errors.js';
import { auditTarget, notifyTarget, type KeyOpContext, type KeyTarget } from './key-op.js';

/** What ends every app password of an account at once. */
export type AppPasswordEnd = 'devices_revoked' | 'key_reset' | 'password_changed' | 'revoked';

/** Why they ended, in the notice and the audit log ('' when someone chose "Revoke all"). */
const END_WORDS: Record<AppPasswordEnd, string> = {
  devices_revoked: 'They were revoked because all 2-Step Verification devices of the account were revoked.',
  key_reset: 'They were revoked because the 2-Step Verification key of the account was reset.',
  password_changed: 'They were revoked because the password of the account was changed.',
  revoked: '',
};

/** "1 app password", "3 app passwords". */
function howMany(count: number): string {
  return count === 1 ? '1 app password' : `${count} app passwords`;
}

/**
 * Inside the caller's transaction: revokes every app password of the target account, with an audit
 * record and a security notice saying why. Nothing is written when there were none. Answers how many.
 */
export async function endAppPasswords(c: KeyOpContext, target: KeyTarget, why: AppPasswordEnd): Promise<number> {
  if (target.subject.kind !== 'account') return 0;
  const count = await deleteAllAppPasswords(c.trx, target.subject.id);
  if (count === 0) return 0;
  await auditTarget(c, target, 'app_passwords.revoked', [howMany(count), END_WORDS[why]].filter(Boolean).join('. '));
  await notifyTarget(c, target, 'app_passwords_revoked', END_WORDS[why]);
  return count;
}

/**
 * Inside the caller's transaction: revokes the app password with `id`, or the one whose name is
 * `name` (case ignored), with an audit record and a security notice. Refused when there is none.
 */
export async function revokeOneAppPassword(c: KeyOpContext, target: KeyTarget, which: { id: number } | { name: string }): Promise<string> {
  const accountId = target.subject.id;
  const all = await listAppPasswords(c.trx, accountId);
  const found = 'id' in which ? all.find((row) => row.id === which.id) : all.find((row) => row.name.toLowerCase() === which.name.trim().toLowerCase());
  if (!found || !(await deleteAppPassword(c.trx, accountId, found.id))) {
    const named = 'name' in which ? ` named "${which.name.trim()}"` : '';
    throw new ServiceError('not_found', `There is no app password${named} for ${target.label}.`, 'appPassword');
  }
  await auditTarget(c, target, 'app_password.revoked', found.name);
  await notifyTarget(c, target, 'app_password_revoked', `Name: ${found.name}`);
  return found.name;
}
