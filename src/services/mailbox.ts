import { countMessages, findMessage, listMessages, markMessageSeen, type MessageRecord } from '../repos/messages.js';
import type { ServiceContext } from './context.js';

/** Messages shown on one page of the mailbox. */
export const MAILBOX_PAGE_SIZE = 100;

/** A message as the mailbox shows it. */
export interface MessageView {
  id: number;
  sender: string;
  subject: string;
  body: string;
  /** A security notice (as opposed to ordinary mail). */
  notice: boolean;
  seen: boolean;
  receivedAt: number;
}

/** The newest messages of an account and how many it has in all. */
export interface MailboxView {
  messages: MessageView[];
  total: number;
  unseen: number;
}

function toView(message: MessageRecord): MessageView {
  return {
    id: message.id,
    sender: message.sender,
    subject: message.subject,
    body: message.body,
    notice: message.kind === 'notice',
    seen: message.seen,
    receivedAt: message.receivedAt,
  };
}

/** The account's mailbox, newest first. */
export async function mailbox(ctx: ServiceContext, accountId: number): Promise<MailboxView> {
  const [messages, total] = await Promise.all([listMessages(ctx.db, accountId, MAILBOX_PAGE_SIZE), countMessages(ctx.db, accountId)]);
  const views = messages.map(toView);
  return { messages: views, total, unseen: views.filter((message) => !message.seen).length };
}

/** Opens one of the account's messages and marks it read; null when the account has no such message. */
export async function openMessage(ctx: ServiceContext, accountId: number, id: number): Promise<MessageView | null> {
  const message = await findMessage(ctx.db, accountId, id);
  if (!message) return null;
  if (!message.seen) await markMessageSeen(ctx.db, message.id);
  return toView(message);
}
