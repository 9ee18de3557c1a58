import MailComposer from 'nodemailer/lib/mail-composer';
import addressparser from 'nodemailer/lib/addressparser';
import { simpleParser, type ParsedMail } from 'mailparser';

/** A parsed message (mailparser's model). */
export type ParsedMessage = ParsedMail;

/** Longest HTML part parsed into text, in characters; past it only the HTML is kept. */
const MAX_HTML_TO_TEXT = 2 * 1024 * 1024;

/**
 * Parses a MIME message with mailparser: bad charsets, broken structure and odd encodings come
 * out as best-effort text, never as an exception for a message that has any headers at all.
 */
export function parseMime(source: Buffer): Promise<ParsedMessage> {
  return simpleParser(source, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true, maxHtmlLengthToParse: MAX_HTML_TO_TEXT });
}

/** An attachment of a message being composed. */
export interface ComposedAttachment {
  filename: string;
  contentType?: string;
  content: Buffer;
}

/** What a plain-text message is composed from (addresses as `Name <a@b>` lists). */
export interface ComposedMessage {
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  text: string;
  date: Date;
  inReplyTo?: string;
  references?: string[];
  attachments: ComposedAttachment[];
  /** Extra headers, such as the product's own marks. */
  headers?: Record<string, string>;
  /** A Message-ID of the caller's choosing (`<…@…>`); one is made up otherwise. */
  messageId?: string;
}

/** Builds the MIME source of a plain-text message with nodemailer's composer (headers encoded, a Message-ID added). */
export function composeMime(message: ComposedMessage): Promise<Buffer> {
  const composer = new MailComposer({
    from: message.from,
    to: message.to,
    cc: message.cc,
    bcc: message.bcc,
    subject: message.subject,
    text: message.text,
    date: message.date,
    inReplyTo: message.inReplyTo,
    references: message.references,
    headers: message.headers,
    messageId: message.messageId,
    attachments: message.attachments.map((file) => ({ filename: file.filename, contentType: file.contentType, content: file.content })),
  });
  return composer.compile().build();
}

/** One parsed address of a list. */
export interface ParsedAddress {
  name: string;
  address: string;
}

/** Splits an address list as a user types it (`Bob <bob@example.com>, carol@example.com`) with nodemailer's parser; groups are flattened. */
export function parseAddressList(text: string): ParsedAddress[] {
  const flat: ParsedAddress[] = [];
  const visit = (entries: ReturnType<typeof addressparser>) => {
    for (const entry of entries) {
      if ('group' in entry && entry.group) visit(entry.group);
      else flat.push({ name: entry.name ?? '', address: (entry as { address?: string }).address ?? '' });
    }
  };
  visit(addressparser(text));
  return flat;
}
