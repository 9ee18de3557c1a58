import { describeDuration } from '../core/lockout.js';
import { checkDomainName, splitAddress } from '../core/names.js';
import { findAccount, type AccountRecord } from '../repos/accounts.js';
import { findDomainByName } from '../repos/domains.js';
import type { ServiceContext } from './context.js';
import { passwordKeys } from './login.js';
import { checkPasswordOrDummy } from './password-check.js';
import { clearThrottle, recordThrottledFailure, throttledUntil } from './throttle.js';

/** A sign-in of a mail client (or of WebMail as the master user) that Dovecot asks about. */
export interface MailSignIn {
  /** The login as typed: `alice@example.com`. */
  user: string;
  password: string;
  /** Dovecot's service: imap, pop3, submission, … */
  service: string;
  /** The mail client's address, when Dovecot knows it. */
  ip: string | null;
  /** Dovecot's master user signs in for this account (WebMail): only its existence counts. */
  master: boolean;
}

/**
 * Twostep's answer: let in as `user` (the account's address), refuse with words for the client
 * (only once the credentials were right, so the words reveal nothing to a guesser), a wrong
 * password, or no such account.
 */
export type MailSignInAnswer =
  | { result: 'ok'; user: string }
  | { result: 'refused'; user: string; reason: string }
  | { result: 'mismatch' }
  | { result: 'unknown' };

/** Words a mail client shows, kept together. */
export const MAIL_AUTH_TEXT = {
  throttled: (wait: string) => `Too many failed sign-ins. Try again in ${wait}.`,
  locked: (wait: string) => `This account is locked after too many wrong verification codes. Try again in ${wait}.`,
} as const;

async function loadAccount(ctx: ServiceContext, login: string): Promise<AccountRecord | null> {
  const parts = splitAddress(login.trim());
  return parts ? findAccount(ctx.db, parts.domain, parts.name) : null;
}

/** The login as the throttle keys name it (`alice@example.com`, lower case). */
function typedAddress(login: string): string {
  const parts = splitAddress(login.trim());
  return parts ? `${parts.name}@${parts.domain}` : login.trim().toLowerCase();
}

/**
 * Decides a mail-client sign-in. Failures count against the same per-account and per-address
 * throttles as WebMail's password (one budget for guessing a password, whichever door is used).
 * An unknown account costs the same password hash as a wrong password.
 */
export async function checkMailSignIn(ctx: ServiceContext, attempt: MailSignIn): Promise<MailSignInAnswer> {
  const now = ctx.clock.now();
  if (attempt.master) {
    const account = await loadAccount(ctx, attempt.user);
    return account ? { result: 'ok', user: account.address } : { result: 'unknown' };
  }
  const keys = passwordKeys(typedAddress(attempt.user), attempt.ip ?? 'unknown');
  const until = await throttledUntil(ctx.db, keys, now);
  if (until !== null) return { result: 'refused', user: typedAddress(attempt.user), reason: MAIL_AUTH_TEXT.throttled(describeDuration(until - now)) };
  const account = await loadAccount(ctx, attempt.user);
  const matches = await checkPasswordOrDummy(attempt.password, account?.passwordHash, ctx.passwordCost);
  if (!account || !matches) {
    await recordThrottledFailure(ctx.db, keys, now);
    return account ? { result: 'mismatch' } : { result: 'unknown' };
  }
  await clearThrottle(ctx.db, [keys[0]]);
  const lockedUntil = account.state.lockedUntil;
  if (lockedUntil !== null && lockedUntil > now) return { result: 'refused', user: account.address, reason: MAIL_AUTH_TEXT.locked(describeDuration(lockedUntil - now)) };
  return { result: 'ok', user: account.address };
}

/** The address of the account `login` names (Dovecot's userdb), or null when there is none. */
export async function mailAccountAddress(ctx: ServiceContext, login: string): Promise<string | null> {
  return (await loadAccount(ctx, login))?.address ?? null;
}

/** True when `name` is one of Twostep's domains (Postfix's virtual_mailbox_domains). */
export async function isMailDomain(ctx: ServiceContext, name: string): Promise<boolean> {
  const checked = checkDomainName(name);
  return checked.ok && (await findDomainByName(ctx.db, checked.value)) !== null;
}
