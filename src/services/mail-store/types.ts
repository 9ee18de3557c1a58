import type { FolderRole } from '../../core/mail-folders.js';

/** The IMAP keyword marking a security notice the product put in a mailbox (a sender cannot set it by mail). */
export const NOTICE_FLAG = '$TwostepNotice';

/** Whom a store acts for: the signed-in account (its mailbox, and the only From it may send as). */
export interface MailUser {
  accountId: number;
  address: string;
}

/** A folder with its counts. `name` is the full name the store knows it by (`INBOX`, `Projects/2026`). */
export interface FolderSummary {
  name: string;
  label: string;
  role: FolderRole | null;
  total: number;
  unread: number;
}

/** One line of a message list. `id` is unique within its folder (an IMAP UID, or a row id). */
export interface MessageSummary {
  id: number;
  fromName: string;
  fromAddress: string;
  subject: string;
  /** When it arrived, ms since the epoch. */
  date: number;
  /** Bytes. */
  size: number;
  seen: boolean;
  flagged: boolean;
  answered: boolean;
  hasAttachments: boolean;
  /** A security notice written by the product itself. */
  notice: boolean;
}

/** Which page of which folder to list; `query` searches sender, subject and body ('' lists all). */
export interface ListRequest {
  folder: string;
  /** 1 = the newest messages. */
  page: number;
  query: string;
}

/** One page of a folder, newest first. */
export interface MessagePage {
  folder: string;
  page: number;
  pages: number;
  /** Messages in the folder, or matching the search. */
  total: number;
  messages: MessageSummary[];
}

/** A stored message: its list facts and its MIME source, or plain text for a message stored without one. */
export interface StoredMessage {
  summary: MessageSummary;
  source: Buffer | null;
  text: string;
}

/** Flags a change sets (true) or clears (false); missing ones stay as they are. */
export interface FlagChange {
  seen?: boolean;
  flagged?: boolean;
  answered?: boolean;
}

/** A message ready to go: the envelope and the finished MIME source (From is the user's address). */
export interface OutgoingMessage {
  from: string;
  recipients: string[];
  source: Buffer;
}

/** What a send did: the recipients refused (with the server's words) while the rest were taken, and whether the copy was saved. */
export interface SendOutcome {
  refused: { recipient: string; reason: string }[];
  copySaved: boolean;
}

/**
 * Where WebMail's mail lives: the built-in store (the product's own table) or a real mail server
 * (IMAP + SMTP). Every method acts inside `user`'s own mailbox only; a folder that does not exist is
 * a not_found ServiceError, a server that cannot be reached a MailUnavailableError.
 */
export interface MailStore {
  readonly kind: 'builtin' | 'imap';
  /** Every folder with its counts, standard folders first. */
  folders(user: MailUser): Promise<FolderSummary[]>;
  /** One page of a folder, fetching only that page. */
  list(user: MailUser, request: ListRequest): Promise<MessagePage>;
  /** One message, without marking it read; null when the folder holds no such message. */
  fetch(user: MailUser, folder: string, id: number): Promise<StoredMessage | null>;
  /** Sets or clears flags of messages of a folder; ids it does not hold are ignored. Answers how many it changed. */
  setFlags(user: MailUser, folder: string, ids: number[], change: FlagChange): Promise<number>;
  /** Moves messages of a folder to another existing folder; answers how many. */
  move(user: MailUser, folder: string, ids: number[], target: string): Promise<number>;
  /** Deletes messages of a folder for good; answers how many. */
  destroy(user: MailUser, folder: string, ids: number[]): Promise<number>;
  /** Deletes every message of a folder for good. */
  empty(user: MailUser, folder: string): Promise<void>;
  /** Puts a finished message into a folder with flags (`\Seen`, NOTICE_FLAG) and an arrival time. */
  append(user: MailUser, folder: string, source: Buffer, flags: string[], date: Date): Promise<void>;
  /** Sends a message and keeps a copy, read, in the folder `sentFolder`. */
  send(user: MailUser, message: OutgoingMessage, sentFolder: string): Promise<SendOutcome>;
  /** Closes connections and timers (at shutdown). */
  close(): Promise<void>;
}
