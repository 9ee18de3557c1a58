import type { FetchMessageObject, FetchQueryObject, ImapFlow, ListResponse } from 'imapflow';
import { isServerRefusal } from './imap-pool.js';

/** Raised when the server has no folder of that name (its NO to SELECT, or a TRYCREATE on a copy). */
export class NoSuchFolderError extends Error {}

/** imapflow answers false for a command the server refused (or a connection that broke): make that an error. */
function refusedUnlessDone(done: unknown, what: string): void {
  if (done === false) throw new Error(`The mail server refused ${what}`);
}

/** A folder as LIST-STATUS reports it. */
export interface ImapFolder {
  path: string;
  specialUse: string | null;
  selectable: boolean;
  messages: number;
  unseen: number;
}

/** What a list line needs, without any body. */
export const SUMMARY_QUERY: FetchQueryObject = { uid: true, flags: true, envelope: true, size: true, bodyStructure: true, internalDate: true };

/** Every folder with its message and unseen counts, in one LIST-STATUS round trip. */
export async function listFolders(client: ImapFlow): Promise<ImapFolder[]> {
  const listed: ListResponse[] = await client.list({ statusQuery: { messages: true, unseen: true } });
  return listed.map((folder) => ({
    path: folder.path,
    specialUse: folder.specialUse ?? null,
    selectable: !folder.flags.has('\\Noselect') && !folder.flags.has('\\NonExistent'),
    messages: folder.status?.messages ?? 0,
    unseen: folder.status?.unseen ?? 0,
  }));
}

/**
 * Selects `path` and answers how many messages it holds. An already selected folder is refreshed
 * with a NOOP (new mail since the last command shows up) instead of being selected again.
 */
export async function selectFolder(client: ImapFlow, path: string): Promise<number> {
  try {
    if (client.mailbox && client.mailbox.path === path) await client.noop();
    else await client.mailboxOpen(path);
  } catch (err) {
    if (isServerRefusal(err)) throw new NoSuchFolderError(path);
    throw err;
  }
  return client.mailbox ? client.mailbox.exists : 0;
}

/** The summaries of the messages at sequence numbers `from`..`to` of the selected folder. */
export async function fetchBySequence(client: ImapFlow, from: number, to: number): Promise<FetchMessageObject[]> {
  if (to < from || to < 1) return [];
  return client.fetchAll(`${from}:${to}`, SUMMARY_QUERY);
}

/** The summaries of the messages with these UIDs in the selected folder. */
export async function fetchByUid(client: ImapFlow, uids: number[]): Promise<FetchMessageObject[]> {
  if (uids.length === 0) return [];
  return client.fetchAll(uids.join(','), SUMMARY_QUERY, { uid: true });
}

/** UIDs of the selected folder's messages whose sender, subject or body holds `text` (the server's SEARCH), ascending. */
export async function searchFolder(client: ImapFlow, text: string): Promise<number[]> {
  const found = await client.search({ or: [{ from: text }, { subject: text }, { body: text }] }, { uid: true });
  return (found || []).sort((a, b) => a - b);
}

/** One message of the selected folder with its whole source, or null when the UID is not there. */
export async function fetchSource(client: ImapFlow, uid: number): Promise<FetchMessageObject | null> {
  const found = await client.fetchOne(String(uid), { ...SUMMARY_QUERY, source: true }, { uid: true });
  return found || null;
}

/** Which of `uids` the selected folder holds (a UID SEARCH), ascending. */
export async function presentUids(client: ImapFlow, uids: number[]): Promise<number[]> {
  if (uids.length === 0) return [];
  const found = await client.search({ uid: uids.join(',') }, { uid: true });
  return (found || []).sort((a, b) => a - b);
}

/** Adds and removes system flags of the selected folder's messages `uids`. */
export async function changeFlags(client: ImapFlow, uids: number[], add: string[], remove: string[]): Promise<void> {
  if (uids.length === 0) return;
  const range = uids.join(',');
  if (add.length) refusedUnlessDone(await client.messageFlagsAdd(range, add, { uid: true }), 'to set flags');
  if (remove.length) refusedUnlessDone(await client.messageFlagsRemove(range, remove, { uid: true }), 'to clear flags');
}

/** Moves messages of the selected folder to `target` (MOVE, or COPY + EXPUNGE on older servers). */
export async function moveMessages(client: ImapFlow, uids: number[], target: string): Promise<void> {
  if (uids.length === 0) return;
  // A refused MOVE (TRYCREATE: no such folder) comes back as false on a connection still usable.
  const moved = await client.messageMove(uids.join(','), target, { uid: true });
  if (moved === false && client.usable) throw new NoSuchFolderError(target);
  refusedUnlessDone(moved, 'to move the messages');
}

/** Deletes messages of the selected folder for good (\Deleted and UID EXPUNGE); `null` deletes all. */
export async function expungeMessages(client: ImapFlow, uids: number[] | null): Promise<void> {
  if (uids !== null && uids.length === 0) return;
  if (uids === null && (!client.mailbox || client.mailbox.exists === 0)) return;
  refusedUnlessDone(await client.messageDelete(uids === null ? '1:*' : uids.join(','), { uid: uids !== null }), 'to delete the messages');
}

/** Appends a message to `path` with flags (and the arrival time the server records). */
export async function appendMessage(client: ImapFlow, path: string, source: Buffer, flags: string[], date?: Date): Promise<void> {
  try {
    await client.append(path, source, flags, date);
  } catch (err) {
    if (isServerRefusal(err)) throw new NoSuchFolderError(path);
    throw err;
  }
}
