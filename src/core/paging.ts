/** Where a numbered page sits among the pages of a list. */
export interface PagePosition {
  /** 1-based. */
  page: number;
  /** At least 1, even for an empty list. */
  pages: number;
  /** Items before this page. */
  offset: number;
}

/** Page `asked` of `total` items shown `perPage` at a time, clamped to the pages that exist. */
export function pagePosition(asked: number, total: number, perPage: number): PagePosition {
  const pages = Math.max(1, Math.ceil(total / perPage));
  const page = Math.min(Math.max(1, Math.floor(asked) || 1), pages);
  return { page, pages, offset: (page - 1) * perPage };
}
