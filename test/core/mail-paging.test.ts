import test from 'ava';
import { newestFirstPage } from '../../src/core/mail-paging.js';
import { hasAttachmentPart } from '../../src/core/mail-structure.js';
import { isFolderName, sortFolders } from '../../src/core/mail-folders.js';
import { describeSize } from '../../src/core/mail-format.js';

const PAGES: [total: number, page: number, expected: ReturnType<typeof newestFirstPage>][] = [
  [0, 1, { page: 1, pages: 1, start: 0, end: 0 }],
  [1, 1, { page: 1, pages: 1, start: 0, end: 1 }],
  [50, 1, { page: 1, pages: 1, start: 0, end: 50 }],
  [51, 1, { page: 1, pages: 2, start: 1, end: 51 }],
  [51, 2, { page: 2, pages: 2, start: 0, end: 1 }],
  [10_000, 1, { page: 1, pages: 200, start: 9950, end: 10_000 }],
  [10_000, 200, { page: 200, pages: 200, start: 0, end: 50 }],
  [120, 7, { page: 3, pages: 3, start: 0, end: 20 }],
  [120, 0, { page: 1, pages: 3, start: 70, end: 120 }],
];

for (const [total, page, expected] of PAGES) {
  test(`page ${page} of ${total} messages, newest first`, (t) => {
    t.deepEqual(newestFirstPage(total, page), expected);
  });
}

test('attachments are found in a message structure; text and inline parts are not attachments', (t) => {
  const cases: [Parameters<typeof hasAttachmentPart>[0], boolean][] = [
    [undefined, false],
    [{ type: 'text/plain' }, false],
    [{ type: 'multipart/alternative', childNodes: [{ type: 'text/plain' }, { type: 'text/html' }] }, false],
    [{ type: 'multipart/mixed', childNodes: [{ type: 'text/plain' }, { type: 'application/pdf', disposition: 'attachment' }] }, true],
    [{ type: 'multipart/related', childNodes: [{ type: 'text/html' }, { type: 'image/png', disposition: 'inline' }] }, false],
    [{ type: 'application/pdf' }, true],
    [{ type: 'multipart/mixed', childNodes: [{ type: 'text/plain' }, { type: 'text/csv', disposition: 'ATTACHMENT' }] }, true],
  ];
  for (const [node, expected] of cases) t.is(hasAttachmentPart(node), expected, JSON.stringify(node));
});

test('folder names and their order', (t) => {
  for (const [name, ok] of [['INBOX', true], ['Projects/2026', true], ['', false], ['a\nb', false], ['x'.repeat(201), false]] as const) t.is(isFolderName(name), ok, name);
  const sorted = sortFolders([
    { name: 'Zeta', role: null },
    { name: 'Trash', role: 'trash' },
    { name: 'Alpha', role: null },
    { name: 'INBOX', role: 'inbox' },
    { name: 'Sent', role: 'sent' },
  ] as const as { name: string; role: 'trash' | 'inbox' | 'sent' | null }[]);
  t.deepEqual(sorted.map((folder) => folder.name), ['INBOX', 'Sent', 'Trash', 'Alpha', 'Zeta']);
});

test('sizes as a list shows them', (t) => {
  for (const [bytes, words] of [[0, '0 B'], [1023, '1023 B'], [1024, '1 KB'], [150 * 1024, '150 KB'], [3.4 * 1024 * 1024, '3.4 MB'], [25 * 1024 * 1024, '25 MB']] as const) t.is(describeSize(bytes), words);
});
