/** Messages on one page of a folder. */
export const MAIL_PAGE_SIZE = 50;

/** One page of a newest-first list of `total` items: which page it really is and its 0-based range, oldest index first. */
export interface PageSlice {
  page: number;
  pages: number;
  /** Index of the oldest item on the page (0 = the oldest of all). */
  start: number;
  /** One past the index of the newest item on the page. */
  end: number;
}

/** The slice of page `page` (1 = newest) of `total` items, `size` a page; a page past the end is the last one. */
export function newestFirstPage(total: number, page: number, size = MAIL_PAGE_SIZE): PageSlice {
  const pages = Math.max(1, Math.ceil(total / size));
  const current = Math.min(Math.max(1, Math.floor(page)), pages);
  const end = Math.max(0, total - (current - 1) * size);
  return { page: current, pages, start: Math.max(0, end - size), end };
}
