import { noticeText, type NoticeKind } from '../core/notices.js';
import { brandingNameWithin } from './branding.js';
import { deliverMessage } from '../repos/messages.js';
import type { Queryable } from '../repos/queryable.js';

/** Sender address of security notices. */
export const NOTICE_SENDER = 'security@twostep.local';

/** Puts a security notice in the account's mailbox (inside the caller's transaction). */
export async function deliverNotice(
  q: Queryable,
  account: { id: number; domainId: number },
  kind: NoticeKind,
  now: number,
  detail = '',
): Promise<void> {
  const text = noticeText(kind, await brandingNameWithin(q, account.domainId), detail);
  await deliverMessage(q, { accountId: account.id, sender: NOTICE_SENDER, kind: 'notice', ...text }, now);
}
