import test from 'ava';
import { pagePosition } from '../../src/core/paging.js';

const cases: { asked: number; total: number; perPage: number; expected: { page: number; pages: number; offset: number } }[] = [
  { asked: 1, total: 0, perPage: 25, expected: { page: 1, pages: 1, offset: 0 } },
  { asked: 3, total: 0, perPage: 25, expected: { page: 1, pages: 1, offset: 0 } },
  { asked: 1, total: 25, perPage: 25, expected: { page: 1, pages: 1, offset: 0 } },
  { asked: 2, total: 26, perPage: 25, expected: { page: 2, pages: 2, offset: 25 } },
  { asked: 99, total: 30, perPage: 25, expected: { page: 2, pages: 2, offset: 25 } },
  { asked: 0, total: 30, perPage: 25, expected: { page: 1, pages: 2, offset: 0 } },
  { asked: -4, total: 30, perPage: 25, expected: { page: 1, pages: 2, offset: 0 } },
  { asked: Number.NaN, total: 30, perPage: 25, expected: { page: 1, pages: 2, offset: 0 } },
  { asked: 2.7, total: 100, perPage: 10, expected: { page: 2, pages: 10, offset: 10 } },
  { asked: 4, total: 100, perPage: 10, expected: { page: 4, pages: 10, offset: 30 } },
];
for (const { asked, total, perPage, expected } of cases) {
  test(`page ${asked} of ${total} items, ${perPage} a page`, (t) => t.deepEqual(pagePosition(asked, total, perPage), expected));
}
