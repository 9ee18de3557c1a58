import type { NoticeKind } from '../core/notices.js';
import type { SecretBox } from '../core/secret-box.js';
import { recordAudit, type Actor } from '../repos/audit.js';
import type { Queryable } from '../repos/queryable.js';
import type { TwoFactorSubject } from '../repos/two-factor.js';
import type { ServiceContext } from './context.js';
import { deliverNotice, systemMailRoute, type SystemMailRoute } from './notices.js';

/** Who a key operation is about: the subject, how the audit log names it, and its mailbox (accounts only). */
export interface KeyTarget {
  subject: TwoFactorSubject;
  /** `alice@example.com` or the admin's name. */
  label: string;
  domain: string | null;
  mailbox: { id: number; domainId: number } | null;
}

/** What every key operation needs inside its transaction. */
export interface KeyOpContext {
  trx: Queryable;
  secretBox: SecretBox;
  /** Where the notices of the operation go (the configured store's route). */
  mailRoute: SystemMailRoute;
  actor: Actor;
  now: number;
  /** The acting session, kept when other sessions are signed out. */
  keepSid?: string;
}

/** The context of key operations run inside `trx` for `actor`, at `now` (the clock's time unless given). */
export function keyOpContext(ctx: ServiceContext, trx: Queryable, actor: Actor, now = ctx.clock.now(), keepSid?: string): KeyOpContext {
  return { trx, secretBox: ctx.secretBox, mailRoute: systemMailRoute(ctx.mail), actor, now, keepSid };
}

/** Writes an audit record about the target, by the operation's actor. */
export async function auditTarget(c: KeyOpContext, target: KeyTarget, event: string, detail?: string): Promise<void> {
  await recordAudit(c.trx, { actor: c.actor, domain: target.domain, subject: target.label, event, detail }, c.now);
}

/**
 * Puts a security notice in the target's mailbox (accounts only); `detail` comes first, then who did
 * it when it was not the user.
 */
export async function notifyTarget(c: KeyOpContext, target: KeyTarget, kind: NoticeKind, detail = ''): Promise<void> {
  if (!target.mailbox) return;
  const by = c.actor.kind === 'user' ? '' : `Done by ${c.actor.kind === 'cli' ? 'the CLI administrator' : 'an administrator'} (${c.actor.name}).`;
  await deliverNotice(c.trx, c.mailRoute, target.mailbox, kind, c.now, [detail, by].filter(Boolean).join('\n\n'));
}
