import { noticeText, type NoticeKind } from '../core/notices.js';
import { brandingNameWithin } from './branding.js';
import { deliverMessage } from '../repos/messages.js';
import { enqueueOutbox } from '../repos/mail-outbox.js';
import type { Queryable } from '../repos/queryable.js';
import type { MailStore } from './mail-store/types.js';

/** Sender address of security notices. */
export const NOTICE_SENDER = 'security@twostep.local';

/**
 * Where the messages the product writes go: straight into the built-in store's table, or into
 * the outbox that the outbox worker empties into the mail server's INBOX.
 */
export type SystemMailRoute = 'builtin' | 'outbox';

/** The route of the configured store. */
export function systemMailRoute(store: Pick<MailStore, 'kind'>): SystemMailRoute {
  return store.kind === 'imap' ? 'outbox' : 'builtin';
}

/** A message the product writes to one of its accounts. */
export interface SystemMessage {
  accountId: number;
  sender: string;
  subject: string;
  body: string;
  kind: 'mail' | 'notice';
}

/** Writes a product message for its account inside the caller's transaction: rolled back with it, never lost after it. */
export async function deliverSystemMessage(q: Queryable, route: SystemMailRoute, message: SystemMessage, now: number): Promise<void> {
  if (route === 'outbox') await enqueueOutbox(q, message, now);
  else await deliverMessage(q, message, now);
}

/** Puts a security notice in the account's mailbox (inside the caller's transaction). */
export async function deliverNotice(
  q: Queryable,
  route: SystemMailRoute,
  account: { id: number; domainId: number },
  kind: NoticeKind,
  now: number,
  detail = '',
): Promise<void> {
  const text = noticeText(kind, await brandingNameWithin(q, account.domainId), detail);
  await deliverSystemMessage(q, route, { accountId: account.id, sender: NOTICE_SENDER, kind: 'notice', ...text }, now);
}
