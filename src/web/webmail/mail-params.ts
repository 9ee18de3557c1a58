import type Router from '@koa/router';
import type { Context } from 'koa';
import { queryText } from '../forms.js';

/** The folder a list or message address names (`?folder=`); INBOX when none is given. */
export function folderParam(ctx: Context): string {
  return ctx.query.folder === undefined ? 'INBOX' : queryText(ctx, 'folder', 1000);
}

/** Message ids are positive integers that fit a database integer (IMAP UIDs fit too); null otherwise. */
export function messageId(raw: string): number | null {
  return /^[1-9]\d{0,9}$/.test(raw) && Number(raw) <= 2 ** 32 - 1 ? Number(raw) : null;
}

/** The page number of a list (`?page=`, 1 when missing); NaN when it is not a number. */
export function pageParam(ctx: Context): number {
  if (ctx.query.page === undefined) return 1;
  const raw = queryText(ctx, 'page', 6);
  return /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : NaN;
}

/** The address of route `name` of `router` with `params` and a query (empty values left out); an unknown name throws. */
export function routeLink(router: Router, name: string, params: Record<string, string | number>, query: Record<string, string | number | undefined> = {}): string {
  const kept = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined && value !== ''));
  const found = router.url(name, params, Object.keys(kept).length ? { query: kept } : undefined);
  if (typeof found !== 'string') throw found;
  return found;
}
