import { splitAddress } from '../core/names.js';
import type { ResolvedPolicy } from '../core/policy.js';
import { challengeRequired, setupRequired } from '../core/two-factor-status.js';
import { findAccount, type AccountRecord } from '../repos/accounts.js';
import type { TwoFactorState } from '../repos/two-factor.js';
import { accountPolicy } from './accounts.js';
import type { ServiceContext } from './context.js';
import { checkThrottledPassword } from './password-check.js';
import { startGraceIfDue } from './setup-grace.js';
import { auditSignIn, type SignInChannel } from './sign-in-audit.js';

/** Where a user goes after a correct password: the code challenge, mandatory set-up, or the mailbox. */
export type LoginStage = 'challenge' | 'setup' | 'full';

/** Outcome of a WebMail password login. */
export type LoginResult =
  | { ok: true; account: AccountRecord; stage: LoginStage }
  | { ok: false; reason: 'wrong' }
  | { ok: false; reason: 'throttled'; until: number };

/** What a login form sends, with where it came from. */
export interface LoginAttempt {
  /** `alice@example.com`, or `alice` when `domainName` is given. */
  username: string;
  password: string;
  /** The domain the login page is for, or null. */
  domainName: string | null;
  /** Client address, for throttling. */
  ip: string;
  /** Which door the password came through, for the audit log. */
  channel: SignInChannel;
}

/** The stage after the password, by the effective setting and the account's state. */
export function stageAfterPassword(policy: ResolvedPolicy, state: Pick<TwoFactorState, 'configured'>): LoginStage {
  if (challengeRequired(policy, state)) return 'challenge';
  if (setupRequired(policy, state)) return 'setup';
  return 'full';
}

/** The address a username stands for on a page for `domainName` (lower case), or null when it names none. */
export function addressOf(username: string, domainName: string | null): { name: string; domain: string } | null {
  const typed = username.trim();
  if (typed.includes('@')) return splitAddress(typed);
  if (!typed || !domainName) return null;
  return { name: typed.toLowerCase(), domain: domainName };
}

/** Throttle keys of password failures: per typed address and per client address. */
export function passwordKeys(address: string, ip: string): string[] {
  return [`password:account:${address}`, `password:ip:${ip}`];
}

/**
 * Checks a WebMail username and password, throttled per account and per client address with a
 * growing delay (separately from code failures); the attempt is counted before the hash is computed.
 * An unknown user and a wrong password answer alike after the same work. Every attempt is in the
 * audit log. On success answers the stage the session starts at.
 */
export async function logIn(ctx: ServiceContext, attempt: LoginAttempt): Promise<LoginResult> {
  const parts = addressOf(attempt.username, attempt.domainName);
  const typed = parts ? `${parts.name}@${parts.domain}` : attempt.username.trim().toLowerCase();
  const keys = passwordKeys(typed, attempt.ip);
  const result = await checkThrottledPassword(ctx, {
    keys,
    // Only the account's counter: a success of one's own must not wipe an address's failures on others.
    forgive: [keys[0]],
    password: attempt.password,
    load: () => (parts ? findAccount(ctx.db, parts.domain, parts.name) : Promise.resolve(null)),
    hashOf: (account) => account.passwordHash,
  });
  await auditSignIn(ctx.db, { channel: attempt.channel, login: typed, ip: attempt.ip, result: result.ok ? 'succeeded' : result.reason }, ctx.clock.now());
  // Whether the login exists stays inside: both failures answer alike.
  if (!result.ok) return result.reason === 'throttled' ? result : { ok: false, reason: 'wrong' };
  const account = result.subject;
  const stage = stageAfterPassword(accountPolicy(account), account.state);
  // The first prompt of a grace period fixes its deadline (here, so the mobile interface fixes it too).
  if (stage === 'setup') await startGraceIfDue(ctx, account, { kind: 'user', name: account.address, ip: attempt.ip });
  return { ok: true, account, stage };
}
