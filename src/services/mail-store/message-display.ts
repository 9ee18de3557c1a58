import { MAX_MAIL_HTML, sanitizeMailHtml } from '../../core/mail-html.js';
import { parseMime, type ParsedMessage } from '../../mail-protocol/mime.js';
import type { StoredMessage } from './types.js';

/** A name and address of a header. */
export interface AddressView {
  name: string;
  address: string;
}

/** An attachment as the message page lists it; `index` names it in its download address. */
export interface AttachmentView {
  index: number;
  filename: string;
  contentType: string;
  size: number;
}

/** A message ready to read: headers, text, sanitized HTML, attachments and flags. */
export interface MessageDisplay {
  folder: string;
  id: number;
  subject: string;
  from: AddressView[];
  to: AddressView[];
  cc: AddressView[];
  replyTo: AddressView[];
  /** The Date header, else the arrival time (ms since the epoch). */
  date: number;
  text: string;
  /** The text was cut to MAX_SHOWN_TEXT characters. */
  textTruncated: boolean;
  /** The sanitized HTML body, or null (no HTML part, or one too large to show). */
  html: string | null;
  /** Remote images held back until the user asks for them. */
  blockedImages: number;
  showingImages: boolean;
  attachments: AttachmentView[];
  seen: boolean;
  flagged: boolean;
  answered: boolean;
  notice: boolean;
  /** For replies: the Message-ID and References of this message. */
  messageId: string | null;
  references: string[];
}

/** How a message is shown: remote images or not, and the address of its inline image number `index`. */
export interface DisplayOptions {
  showImages: boolean;
  inlineUrl(index: number): string;
}

/** Longest text shown on the page, in characters; the whole message stays downloadable. */
export const MAX_SHOWN_TEXT = 256 * 1024;

const INLINE_IMAGE = /^image\/(png|jpeg|gif|webp)$/i;

function addresses(field: ParsedMessage['to']): AddressView[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  const flat: AddressView[] = [];
  const visit = (entries: { name: string; address?: string; group?: unknown[] }[]) => {
    for (const entry of entries) {
      if (entry.group) visit(entry.group as typeof entries);
      else flat.push({ name: entry.name ?? '', address: entry.address ?? '' });
    }
  };
  for (const object of objects) visit(object.value);
  return flat;
}

/** The attachments a reader is offered: every part but the images an HTML body shows inline. */
export function listedAttachments(parsed: ParsedMessage): AttachmentView[] {
  return parsed.attachments
    .map((file, index) => ({ index, filename: file.filename || `attachment-${index + 1}`, contentType: file.contentType || 'application/octet-stream', size: file.size ?? file.content.length, related: file.related }))
    .filter((file) => !file.related)
    .map(({ related: _related, ...file }) => file);
}

/** The parsed MIME of a stored message, or null for one stored as plain text only. */
export function parseStored(stored: StoredMessage): Promise<ParsedMessage | null> {
  return stored.source ? parseMime(stored.source) : Promise.resolve(null);
}

/** Turns a stored message into what the message page shows. */
export async function displayMessage(stored: StoredMessage, folder: string, options: DisplayOptions): Promise<MessageDisplay> {
  const { summary } = stored;
  const base = { folder, id: summary.id, seen: summary.seen, flagged: summary.flagged, answered: summary.answered, notice: summary.notice, showingImages: options.showImages };
  const parsed = await parseStored(stored);
  if (!parsed) {
    const from = [{ name: summary.fromName, address: summary.fromAddress }];
    const text = stored.text.slice(0, MAX_SHOWN_TEXT);
    return { ...base, subject: summary.subject, from, to: [], cc: [], replyTo: [], date: summary.date, text, textTruncated: text.length < stored.text.length, html: null, blockedImages: 0, attachments: [], messageId: null, references: [] };
  }
  const fullText = parsed.text ?? '';
  const html = typeof parsed.html === 'string' && parsed.html.length <= MAX_MAIL_HTML ? parsed.html : null;
  const inline = (contentId: string) => {
    const index = parsed.attachments.findIndex((file) => file.contentId?.replace(/^<|>$/g, '') === contentId && INLINE_IMAGE.test(file.contentType));
    return index === -1 ? null : options.inlineUrl(index);
  };
  const sanitized = html === null ? null : sanitizeMailHtml(html, { showImages: options.showImages, inlineImage: inline });
  const references = parsed.references === undefined ? [] : Array.isArray(parsed.references) ? parsed.references : [parsed.references];
  return {
    ...base,
    subject: parsed.subject ?? summary.subject,
    from: addresses(parsed.from),
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    replyTo: addresses(parsed.replyTo),
    date: parsed.date && Number.isFinite(parsed.date.getTime()) ? parsed.date.getTime() : summary.date,
    text: fullText.slice(0, MAX_SHOWN_TEXT),
    textTruncated: fullText.length > MAX_SHOWN_TEXT,
    html: sanitized?.html ?? null,
    blockedImages: sanitized?.blockedImages ?? 0,
    attachments: listedAttachments(parsed),
    messageId: parsed.messageId ?? null,
    references,
  };
}

/** A file to download: its name, type and bytes. */
export interface AttachmentContent {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** Attachment number `index` of a stored message (inline images included), or null. */
export async function attachmentOf(stored: StoredMessage, index: number): Promise<AttachmentContent | null> {
  const parsed = await parseStored(stored);
  const file = parsed?.attachments[index];
  if (!file) return null;
  return { filename: file.filename || `attachment-${index + 1}`, contentType: file.contentType || 'application/octet-stream', content: file.content };
}

/** The files a forward carries along: every listed attachment of the stored message, with its bytes. */
export async function listedAttachmentContents(stored: StoredMessage): Promise<AttachmentContent[]> {
  const parsed = await parseStored(stored);
  if (!parsed) return [];
  return listedAttachments(parsed).map((file) => ({ filename: file.filename, contentType: file.contentType, content: parsed.attachments[file.index].content }));
}
