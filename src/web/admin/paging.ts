/** Which page of a numbered list to show, with the links to its neighbours. */
export interface Paging {
  page: number;
  pages: number;
  offset: number;
  previousUrl: string | null;
  nextUrl: string | null;
}

/**
 * The page asked for by `raw` (1 when missing or not a number), clamped to the pages that exist;
 * `link(n)` answers the URL of page n.
 */
export function pageOf(raw: string, total: number, perPage: number, link: (page: number) => string): Paging {
  const pages = Math.max(1, Math.ceil(total / perPage));
  const asked = /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  const page = Math.min(Math.max(1, asked), pages);
  return {
    page,
    pages,
    offset: (page - 1) * perPage,
    previousUrl: page > 1 ? link(page - 1) : null,
    nextUrl: page < pages ? link(page + 1) : null,
  };
}
