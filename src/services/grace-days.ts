import { describeMoment, isDayCount } from '../core/dates.js';
import { GRACE_DAYS_PROBLEM } from '../core/grace.js';
import { updateAccount } from '../repos/accounts.js';
import { ServiceError } from './errors.js';
import { auditTarget, notifyTarget, type KeyOpContext, type KeyTarget } from './key-op.js';

/** A grace-days value checked for storing (null = inherited); a refusal when it is not a whole number 0–365. */
export function checkGraceDays<T extends number | null>(value: T): T {
  if (value !== null && !isDayCount(value)) throw new ServiceError('invalid', GRACE_DAYS_PROBLEM, 'graceDays');
  return value;
}

/** How the audit log words a change of the grace days. */
export function graceDaysDetail(value: number | null): string {
  return value === null ? 'days allowed to set up inherited' : `days allowed to set up: ${value}`;
}

/**
 * An administrator sets (ms) or forgets (null) one account's set-up deadline, with its audit record
 * and notice; the reminder before the new date is due again.
 */
export async function changeSetupDeadline(c: KeyOpContext, target: KeyTarget, deadline: number | null): Promise<void> {
  await updateAccount(c.trx, target.subject.id, { setupDeadline: deadline });
  const detail = deadline === null ? 'cleared: the next sign-in that needs set-up starts the time allowed by the setting' : `until ${describeMoment(deadline)}`;
  await auditTarget(c, target, 'setup_deadline.changed', detail);
  await notifyTarget(c, target, 'setup_deadline_changed', deadline === null ? 'The date was removed: your next sign-in starts the time your administrator allows afresh.' : `Set it up by ${describeMoment(deadline)}.`);
}
