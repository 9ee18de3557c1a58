import { describeDuration } from '../core/lockout.js';
import { checkDomainName, splitAddress } from '../core/names.js';
import { appPasswordRequired } from '../core/two-factor-status.js';
import { findAccount, type AccountRecord } from '../repos/accounts.js';
import { findDomainByName } from '../repos/domains.js';
import { accountPolicy } from './accounts.js';
import { matchAppPassword, noteAppPasswordUse } from './app-passwords.js';
import type { ServiceContext } from './context.js';
import { passwordKeys } from './login.js';
import { checkThrottledPassword } from './password-check.js';
import { auditSignIn, type SignInRecord } from './sign-in-audit.js';

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
 * (only once the credentials were right, so the words reveal nothing to a guesser), try again later
 * (throttled: mail clients retry a temporary failure by themselves, where a refusal would make them
 * ask for a new password), a wrong password, or no such account.
 */
export type MailSignInAnswer =
  | { result: 'ok'; user: string }
  | { result: 'refused'; user: string; reason: string }
  | { result: 'tempfail'; reason: string }
  | { result: 'mismatch' }
  | { result: 'unknown' };

/** Words a mail client shows, kept together (plain ASCII: IMAP and SMTP replies carry them as they are). */
export const MAIL_AUTH_TEXT = {
  throttled: (wait: string) => `Too many failed sign-ins. Try again in ${wait}.`,
  locked: (wait: string) => `This account is locked after too many wrong verification codes. Try again in ${wait}.`,
  appPasswordNeeded:
    '2-Step Verification is on for this account, so mail apps sign in with an app password, not the account password. Create one in WebMail: Settings > General > App passwords.',
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
 * Decides a mail-client sign-in by the account password or one of its app passwords. Failures count
 * against the same per-account and per-address throttles as WebMail's password (one budget for
 * guessing, whichever secret and door is used). An unknown account costs the same password hash as a
 * wrong password. Once 2-Step Verification is on (or mandatory) the account password alone is
 * refused, saying an app password is needed; a locked account is refused whatever it gives. Refusals
 * are audited, and so is an app password's first use from a new address.
 */
export async function checkMailSignIn(ctx: ServiceContext, attempt: MailSignIn): Promise<MailSignInAnswer> {
  const now = ctx.clock.now();
  if (attempt.master) {
    const account = await loadAccount(ctx, attempt.user);
    return account ? { result: 'ok', user: account.address } : { result: 'unknown' };
  }
  const login = typedAddress(attempt.user);
  const keys = passwordKeys(login, attempt.ip ?? 'unknown');
  const result = await checkThrottledPassword(ctx, {
    keys,
    forgive: [keys[0]],
    password: attempt.password,
    load: () => loadAccount(ctx, attempt.user),
    hashOf: (account) => account.passwordHash,
    alternative: (account, password) => matchAppPassword(ctx, account, password),
  });
  const refuse = (result: SignInRecord['result']) => auditSignIn(ctx.db, { channel: 'mail', login, ip: attempt.ip, result }, now);
  if (!result.ok) {
    await refuse(result.reason);
    // A mail app opening several connections at once may meet the attempts of its own other
    // connections still being counted: it retries a temporary failure, and gets in a moment later.
    if (result.reason === 'throttled') return { result: 'tempfail', reason: MAIL_AUTH_TEXT.throttled(describeDuration(result.until - now)) };
    return result.known ? { result: 'mismatch' } : { result: 'unknown' };
  }
  const account = result.subject;
  const lockedUntil = account.state.lockedUntil;
  if (lockedUntil !== null && lockedUntil > now) {
    await refuse('locked');
    return { result: 'refused', user: account.address, reason: MAIL_AUTH_TEXT.locked(describeDuration(lockedUntil - now)) };
  }
  if (result.alternative) {
    await noteAppPasswordUse(ctx, account, result.alternative, { ip: attempt.ip, service: attempt.service });
    return { result: 'ok', user: account.address };
  }
  if (appPasswordRequired(accountPolicy(account), account.state)) {
    await refuse('app_password_needed');
    return { result: 'refused', user: account.address, reason: MAIL_AUTH_TEXT.appPasswordNeeded };
  }
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
