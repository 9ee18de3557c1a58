import { accountsWithKeyInClass, countAccountsWithKeyInClass } from '../repos/accounts.js';
import { recordAudit, type Actor } from '../repos/audit.js';
import type { Queryable } from '../repos/queryable.js';
import { accountTarget } from './accounts.js';
import type { ServiceContext } from './context.js';
import { systemMailRoute } from './notices.js';
import { resetKey } from './two-factor-keys.js';

/** How many accounts "Require everyone in this class to pair again" would reset: those of the class that hold a key. */
export function countClassRepair(ctx: ServiceContext, accountClass: { id: number }): Promise<number> {
  return countAccountsWithKeyInClass(ctx.db, accountClass.id);
}

/**
 * Inside the caller's transaction: every account of the class that holds a key gets a new unpaired
 * one, as an administrator's key reset does (sessions signed out, recovery codes and app passwords
 * ended, each audited with a notice saying why), and the class records one audit entry with the count.
 */
export async function resetClassKeysIn(trx: Queryable, ctx: ServiceContext, actor: Actor, domain: { name: string }, accountClass: { id: number; name: string }, now: number): Promise<number> {
  const accounts = await accountsWithKeyInClass(trx, accountClass.id);
  const keyCtx = { trx, secretBox: ctx.secretBox, mailRoute: systemMailRoute(ctx.mail), actor, now };
  for (const account of accounts) await resetKey(keyCtx, accountTarget(account), `Everyone in the class ${accountClass.name} was asked to pair again.`);
  await recordAudit(trx, { actor, domain: domain.name, event: 'class.repair_required', detail: `class ${accountClass.name}: ${accounts.length} account(s) must pair again` }, now);
  return accounts.length;
}
