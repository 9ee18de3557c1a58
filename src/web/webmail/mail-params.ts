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

/** The message ids of a posted field (one value or several); null when any of them is not an id. */
export function idsField(ctx: Context, name = 'ids'): number[] | null {
  const body = ctx.request.body;
  const raw = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)[name] : undefined;
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const ids = values.map((value) => (typeof value === 'string' ? messageId(value) : null));
  return ids.every((id): id is number => id !== null) ? ids : null;
}
