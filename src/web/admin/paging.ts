import type { PagePosition } from '../../core/paging.js';

/** Which page of a numbered list is shown, with the links to its neighbours. */
export interface Paging {
  page: number;
  pages: number;
  previousUrl: string | null;
  nextUrl: string | null;
}

/** The page number a `page` query value asks for: 1 when it is missing or not a number. */
export function askedPage(raw: string): number {
  return /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
}

/** The links of a shown page to its neighbours; `link(n)` answers the URL of page n. */
export function pageLinks(position: Pick<PagePosition, 'page' | 'pages'>, link: (page: number) => string): Paging {
  const { page, pages } = position;
  return { page, pages, previousUrl: page > 1 ? link(page - 1) : null, nextUrl: page < pages ? link(page + 1) : null };
}
