import { describeMoment } from '../core/dates.js';
import { REMINDER_BEFORE_MS, reminderDueAtStart, setupNeed, type SetupNeed } from '../core/grace.js';
import { setupRequired } from '../core/two-factor-status.js';
import { accountsDueSetupReminder, findAccountById, markSetupReminded, startSetupDeadline, type AccountRecord } from '../repos/accounts.js';
import { recordAudit, type Actor } from '../repos/audit.js';
import { accountGraceDays, accountPolicy } from './accounts.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { deliverNotice, systemMailRoute } from './notices.js';

/** Most reminders one housekeeping round sends (the next round takes the rest). */
export const REMINDER_BATCH = 500;

/** What the account owes its mandatory set-up at `now` (ms): nothing, set-up now, or set-up before its deadline. */
export function setupNeedOf(account: AccountRecord, now: number): SetupNeed {
  return setupNeed({
    required: setupRequired(accountPolicy(account), account.state),
    graceDays: accountGraceDays(account).value,
    deadline: account.setupDeadline,
    now,
  });
}

/**
 * True when an open full session of the account may not go on: set-up is owed and no started grace
 * period covers it (forced, or the requirement arrived while the session was open and the next
 * sign-in, with the password, starts the deadline).
 */
export function fullSessionBlocked(account: AccountRecord, now: number): boolean {
  const need = setupNeedOf(account, now);
  return need.kind === 'forced' || (need.kind === 'grace' && need.starts);
}

/** The deadline in words for screens and notices: "14 December 2026, 09:30 UTC". */
export function deadlineText(deadline: number): string {
  return describeMoment(deadline);
}

/**
 * At a sign-in that owes set-up with a grace period not started yet: fixes the account's deadline,
 * with its notice and audit record, in one transaction. Two sign-ins at once fix one deadline.
 * Answers the need as it stands afterwards.
 */
export async function startGraceIfDue(ctx: ServiceContext, account: AccountRecord, actor: Actor): Promise<SetupNeed> {
  const now = ctx.clock.now();
  const need = setupNeedOf(account, now);
  if (need.kind !== 'grace' || !need.starts) return need;
  const fixed = await ctx.db.transaction(async (trx) => {
    const won = await startSetupDeadline(trx, account.id, need.deadline, reminderDueAtStart(need.deadline, now) ? now : null);
    if (!won) return false;
    const when = `Set it up by ${deadlineText(need.deadline)}.`;
    await deliverNotice(trx, systemMailRoute(ctx.mail), account, 'setup_deadline_started', now, when);
    await recordAudit(trx, { actor, domain: account.domainName, subject: account.address, event: 'setup_deadline.started', detail: `until ${deadlineText(need.deadline)}` }, now);
    return true;
  });
  if (fixed) return { ...need, starts: false };
  const reloaded = await findAccountById(ctx.db, account.id);
  return reloaded ? setupNeedOf(reloaded, now) : need;
}

/**
 * "Not now" on the set-up dialog: allowed only before the account's deadline (audited); after it,
 * or without a grace period, a refusal. Answers the deadline.
 */
export async function postponeSetup(ctx: ServiceContext, account: AccountRecord, actor: Actor): Promise<number> {
  const now = ctx.clock.now();
  const need = setupNeedOf(account, now);
  if (need.kind !== 'grace' || need.starts) {
    throw new ServiceError('forbidden', 'The time allowed for setting up 2-Step Verification is over: set it up now to continue.', 'setup');
  }
  await recordAudit(ctx.db, { actor, domain: account.domainName, subject: account.address, event: 'setup.postponed', detail: `until ${deadlineText(need.deadline)}` }, now);
  return need.deadline;
}

/**
 * Housekeeping: the notice "3 days left" to each account whose deadline ends within 3 days and that
 * still has to set up, once per deadline (each with its mark in one transaction). Answers how many.
 */
export async function sendSetupReminders(ctx: Pick<ServiceContext, 'db' | 'clock' | 'mail'>): Promise<number> {
  const now = ctx.clock.now();
  const due = await accountsDueSetupReminder(ctx.db, now, now + REMINDER_BEFORE_MS, REMINDER_BATCH);
  let sent = 0;
  for (const account of due) {
    const done = await ctx.db.transaction(async (trx) => {
      if (!(await markSetupReminded(trx, account.id, now))) return false;
      await deliverNotice(trx, systemMailRoute(ctx.mail), account, 'setup_deadline_soon', now, `Set it up by ${deadlineText(account.setupDeadline ?? now)}.`);
      return true;
    });
    if (done) sent += 1;
  }
  return sent;
}
