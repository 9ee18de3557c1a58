import { recordAuditBurst, type Actor } from '../repos/audit.js';
import type { Queryable } from '../repos/queryable.js';

/** Where a password sign-in came from. */
export type SignInChannel = 'webmail' | 'mobile' | 'webadmin' | 'cli' | 'mail' | 'webmail-settings' | 'webadmin-settings';

/** How the audit log names each channel. */
const CHANNEL_WORDS: Record<SignInChannel, string> = {
  webmail: 'WebMail',
  mobile: 'Mobile WebMail',
  webadmin: 'WebAdmin',
  cli: 'CLI',
  mail: 'mail client',
  'webmail-settings': 'WebMail Settings (password asked again)',
  'webadmin-settings': 'WebAdmin My account (password asked again)',
};

const ACTOR_KIND: Record<SignInChannel, Actor['kind']> = { webmail: 'user', mobile: 'user', webadmin: 'admin', cli: 'cli', mail: 'user', 'webmail-settings': 'user', 'webadmin-settings': 'admin' };

/** One password sign-in to write to the audit log. */
export interface SignInRecord {
  channel: SignInChannel;
  /** The login as typed and normalised (an address, or an admin name). */
  login: string;
  ip: string | null;
  result: 'succeeded' | 'wrong' | 'throttled' | 'locked' | 'app_password_needed';
}

const RESULT_WORDS: Record<SignInRecord['result'], string> = {
  succeeded: 'password accepted',
  wrong: 'wrong password or unknown login',
  throttled: 'refused: too many failed sign-ins, waiting for the delay',
  locked: 'refused: the right password, but code entry is locked',
  app_password_needed: 'refused: the right account password, but 2-Step Verification is on, so an app password is needed',
};

/**
 * Writes a password sign-in, successful or not, to the audit log with the client address; repeats
 * of the same login, address, result and channel within a minute add to one row's count.
 */
export async function auditSignIn(q: Queryable, record: SignInRecord, now: number): Promise<void> {
  const at = record.login.lastIndexOf('@');
  const domain = at > 0 ? record.login.slice(at + 1) : null;
  await recordAuditBurst(
    q,
    {
      actor: { kind: ACTOR_KIND[record.channel], name: record.login, ip: record.ip },
      domain,
      subject: record.login,
      event: record.result === 'succeeded' ? 'signin.succeeded' : 'signin.failed',
      detail: `${CHANNEL_WORDS[record.channel]}: ${RESULT_WORDS[record.result]}`,
    },
    now,
  );
}
