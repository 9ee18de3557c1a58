import { draftFrom, type ComposeMode } from '../core/mail-reply.js';
import { composeMime, parseAddressList } from '../mail-protocol/mime.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { folderWithRole } from './mail-actions.js';
import { checkFolderName } from './mailbox.js';
import { displayMessage, listedAttachmentContents, type MessageDisplay } from './mail-store/message-display.js';
import type { MailUser, SendOutcome } from './mail-store/types.js';

/** What the compose form holds; `ref` is the message answered or forwarded. */
export interface ComposeForm {
  to: string;
  cc: string;
  bcc: string;
  subject: string;
  body: string;
  mode: ComposeMode;
  ref: { folder: string; id: number } | null;
}

/** A file attached on the compose form. */
export interface ComposeFile {
  filename: string;
  bytes: Buffer;
}

/** Most recipients of one message (To, Cc and Bcc together). */
export const MAX_RECIPIENTS = 100;

/** Longest subject, in characters (a header line's limit). */
export const MAX_SUBJECT = 900;

const ADDRESS = /^[^\s@<>()",;:\\[\]]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*$/;

/** The addresses of one recipient field, or a refusal naming the first that is not an address. */
export function recipientsOf(text: string, field: 'to' | 'cc' | 'bcc'): string[] {
  if (!text.trim()) return [];
  const parsed = parseAddressList(text);
  const bad = parsed.find((entry) => !ADDRESS.test(entry.address));
  if (bad || parsed.length === 0) {
    const shown = bad?.address || bad?.name || text.trim();
    throw new ServiceError('invalid', `"${shown.slice(0, 80)}" is not an email address. Separate addresses with commas.`, field);
  }
  return parsed.map((entry) => (entry.name ? `"${entry.name.replace(/["\\]/g, '')}" <${entry.address}>` : entry.address));
}

async function original(ctx: ServiceContext, user: MailUser, ref: { folder: string; id: number }): Promise<MessageDisplay | null> {
  const stored = await ctx.mail.fetch(user, checkFolderName(ref.folder), ref.id);
  return stored ? displayMessage(stored, ref.folder, { showImages: false, inlineUrl: () => '' }) : null;
}

/**
 * The compose form to start with: empty, or a reply / reply to all / forward of `ref`, with how
 * many files a forward carries along; null when `ref` is not there.
 */
export async function startCompose(ctx: ServiceContext, user: MailUser, mode: ComposeMode, ref: { folder: string; id: number } | null): Promise<{ form: ComposeForm; forwardedFiles: number } | null> {
  if (mode === 'new' || !ref) return { form: { to: '', cc: '', bcc: '', subject: '', body: '', mode: 'new', ref: null }, forwardedFiles: 0 };
  const message = await original(ctx, user, ref);
  if (!message) return null;
  return { form: { ...draftFrom(mode, message, user.address), bcc: '', mode, ref }, forwardedFiles: mode === 'forward' ? message.attachments.length : 0 };
}

/**
 * Sends the compose form as a plain-text message from the signed-in address (never another) with
 * its attachments, threads a reply under its original (marked answered), carries a forwarded
 * message's attachments, and keeps a copy in Sent. Bad fields are `invalid` refusals naming the
 * field; a refusal by the mail server is a MailRefusedError with its words.
 */
export async function sendComposed(ctx: ServiceContext, user: MailUser, form: ComposeForm, files: ComposeFile[]): Promise<SendOutcome> {
  const to = recipientsOf(form.to, 'to');
  const cc = recipientsOf(form.cc, 'cc');
  const bcc = recipientsOf(form.bcc, 'bcc');
  const everyone = [...to, ...cc, ...bcc];
  if (everyone.length === 0) throw new ServiceError('invalid', 'Enter at least one recipient.', 'to');
  if (everyone.length > MAX_RECIPIENTS) throw new ServiceError('invalid', `A message can go to at most ${MAX_RECIPIENTS} recipients.`, 'to');
  const subject = form.subject.replace(/[\x00-\x1f\x7f]+/g, ' ').trim();
  if (subject.length > MAX_SUBJECT) throw new ServiceError('invalid', `The subject can be at most ${MAX_SUBJECT} characters.`, 'subject');
  const answered = form.ref && form.mode !== 'new' ? await original(ctx, user, form.ref) : null;
  const attachments = files.map((file) => ({ filename: file.filename || 'attachment', content: file.bytes }));
  if (answered?.attachments.length && form.mode === 'forward' && form.ref) {
    const stored = await ctx.mail.fetch(user, form.ref.folder, form.ref.id);
    if (stored) for (const file of await listedAttachmentContents(stored)) attachments.push({ filename: file.filename, content: file.content });
  }
  const threaded = answered && form.mode !== 'forward' && answered.messageId ? answered : null;
  const source = await composeMime({
    from: user.address,
    to,
    cc,
    bcc,
    subject,
    text: form.body.replace(/\r\n/g, '\n'),
    date: new Date(ctx.clock.now()),
    inReplyTo: threaded?.messageId ?? undefined,
    references: threaded ? [...threaded.references, threaded.messageId!] : undefined,
    attachments,
  });
  const recipients = parseAddressList(everyone.join(', ')).map((entry) => entry.address);
  const sent = folderWithRole(await ctx.mail.folders(user), 'sent')?.name ?? 'Sent';
  const outcome = await ctx.mail.send(user, { from: user.address, recipients, source }, sent);
  if (threaded && form.ref) await ctx.mail.setFlags(user, form.ref.folder, [form.ref.id], { answered: true }).catch(() => undefined);
  return outcome;
}
