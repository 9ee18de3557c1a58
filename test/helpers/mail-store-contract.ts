import type { TestFn } from 'ava';
import { MAIL_PAGE_SIZE } from '../../src/core/mail-paging.js';
import { composeMime } from '../../src/mail-protocol/mime.js';
import { ServiceError } from '../../src/services/errors.js';
import type { MailStore, MailUser } from '../../src/services/mail-store/types.js';

/** A message to put in a folder before a test. */
export interface SeedMessage {
  from: string;
  subject: string;
  text: string;
  /** Arrival time, ms since the epoch. */
  date: number;
}

/** What the contract runs against: a store, two users of it, and a way to put mail in their folders. */
export interface StoreUnderTest {
  store: MailStore;
  alice: MailUser;
  bob: MailUser;
  seed(user: MailUser, folder: string, messages: SeedMessage[]): Promise<void>;
}

/** The MIME source of a seed message, as the IMAP seeds append it. */
export function seedSource(message: SeedMessage, to: string): Promise<Buffer> {
  return composeMime({ from: message.from, to: [to], cc: [], bcc: [], subject: message.subject, text: message.text, date: new Date(message.date), attachments: [] });
}

const START = Date.UTC(2026, 10, 1, 8, 0, 0);

function numbered(count: number, prefix: string): SeedMessage[] {
  return Array.from({ length: count }, (_, i) => ({ from: `sender${i}@outside.test`, subject: `${prefix} ${i}`, text: `Body of ${prefix} ${i}`, date: START + i * 60_000 }));
}

const notFound = { instanceOf: ServiceError, message: /no folder/ };

/**
 * The behaviour every mail store must have, registered as serial tests of `test` (they share one
 * mailbox and run in order). `open()` is called once, `close()` at the end.
 */
export function mailStoreContract<Context>(test: TestFn<Context>, label: string, open: () => Promise<StoreUnderTest & { close(): Promise<void> }>): void {
  let under: (StoreUnderTest & { close(): Promise<void> }) | null = null;
  const get = async () => (under ??= await open());
  test.after.always(async () => {
    await under?.close();
  });

  test.serial(`${label}: the standard folders come first with their counts; a page holds ${MAIL_PAGE_SIZE}, newest first`, async (t) => {
    const { store, alice, seed } = await get();
    await seed(alice, 'INBOX', numbered(120, 'Message'));
    const folders = await store.folders(alice);
    t.deepEqual(folders.slice(0, 5).map((folder) => [folder.name, folder.role, folder.label]), [
      ['INBOX', 'inbox', 'Inbox'],
      ['Drafts', 'drafts', 'Drafts'],
      ['Sent', 'sent', 'Sent'],
      ['Junk', 'junk', 'Junk'],
      ['Trash', 'trash', 'Trash'],
    ]);
    t.like(folders[0], { total: 120, unread: 120 });
    const first = await store.list(alice, { folder: 'INBOX', page: 1, query: '' });
    t.like(first, { page: 1, pages: 3, total: 120 });
    t.deepEqual(first.messages.slice(0, 2).map((m) => m.subject), ['Message 119', 'Message 118']);
    t.is(first.messages.length, MAIL_PAGE_SIZE);
    t.like(first.messages[0], { fromAddress: 'sender119@outside.test', seen: false, flagged: false, hasAttachments: false, notice: false, date: START + 119 * 60_000 });
    t.true(first.messages[0].size > 0);
    const last = await store.list(alice, { folder: 'INBOX', page: 3, query: '' });
    t.deepEqual([last.messages.length, last.messages[0].subject, last.messages.at(-1)!.subject], [20, 'Message 19', 'Message 0']);
    t.like(await store.list(alice, { folder: 'INBOX', page: 9, query: '' }), { page: 3 }, 'a page past the end is the last one');
  });

  test.serial(`${label}: search finds sender, subject and body text in any case, paged the same way`, async (t) => {
    const { store, alice } = await get();
    for (const [query, expected] of [
      ['message 11', ['Message 119', 'Message 118', 'Message 117', 'Message 116', 'Message 115', 'Message 114', 'Message 113', 'Message 112', 'Message 111', 'Message 110', 'Message 11']],
      ['SENDER7@', ['Message 7']],
      ['body of message 42', ['Message 42']],
      ['nothing like this', []],
    ] as const) {
      const found = await store.list(alice, { folder: 'INBOX', page: 1, query });
      t.deepEqual(found.messages.map((m) => m.subject), [...expected], query);
      t.is(found.total, expected.length, query);
    }
  });

  test.serial(`${label}: a message is fetched by id with its text; unknown ids, other mailboxes and unknown folders give nothing`, async (t) => {
    const { store, alice, bob, seed } = await get();
    const [newest] = (await store.list(alice, { folder: 'INBOX', page: 1, query: '' })).messages;
    const stored = await store.fetch(alice, 'INBOX', newest.id);
    t.truthy(stored);
    const text = stored!.source ? stored!.source.toString('utf8') : stored!.text;
    t.regex(text, /Body of Message 119/);
    t.false(stored!.summary.seen, 'fetching does not mark it read');
    t.is(await store.fetch(alice, 'INBOX', 4_000_000_000), null);
    await seed(bob, 'INBOX', [{ from: 'x@outside.test', subject: 'For Bob', text: 'secret', date: START }]);
    const [bobs] = (await store.list(bob, { folder: 'INBOX', page: 1, query: '' })).messages;
    const seenByAlice = await store.fetch(alice, 'INBOX', bobs.id);
    t.not(seenByAlice?.summary.subject, 'For Bob');
    await t.throwsAsync(store.list(alice, { folder: 'No such folder', page: 1, query: '' }), notFound);
    await t.throwsAsync(store.fetch(alice, 'No such folder', newest.id), notFound);
  });

  test.serial(`${label}: flags, moves and deletions change only the messages named, and the counts follow`, async (t) => {
    const { store, alice } = await get();
    const page = (await store.list(alice, { folder: 'INBOX', page: 1, query: '' })).messages;
    const [a, b, c, d] = page.map((m) => m.id);
    await store.setFlags(alice, 'INBOX', [a, b], { seen: true, flagged: true });
    await store.setFlags(alice, 'INBOX', [b], { flagged: false, answered: true });
    const after = (await store.list(alice, { folder: 'INBOX', page: 1, query: '' })).messages;
    t.deepEqual(after.slice(0, 3).map((m) => [m.seen, m.flagged, m.answered]), [[true, true, false], [true, false, true], [false, false, false]]);
    t.like((await store.folders(alice))[0], { total: 120, unread: 118 });
    await store.move(alice, 'INBOX', [c, d], 'Junk');
    const junk = await store.list(alice, { folder: 'Junk', page: 1, query: '' });
    t.deepEqual(junk.messages.map((m) => m.subject).sort(), ['Message 116', 'Message 117']);
    await t.throwsAsync(store.move(alice, 'INBOX', [a], 'No such folder'), notFound);
    await store.move(alice, 'Junk', junk.messages.map((m) => m.id), 'Trash');
    await store.destroy(alice, 'INBOX', [a]);
    const folders = new Map((await store.folders(alice)).map((folder) => [folder.name, folder]));
    t.like(folders.get('INBOX'), { total: 117 });
    t.like(folders.get('Junk'), { total: 0 });
    t.like(folders.get('Trash'), { total: 2, unread: 2 });
    await store.empty(alice, 'Trash');
    t.like((await store.folders(alice)).find((folder) => folder.name === 'Trash'), { total: 0 });
    t.is(await store.fetch(alice, 'INBOX', a), null);
  });
}
