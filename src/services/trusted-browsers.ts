import { describeBrowser, hashTrustToken, isTrustTokenShape, newTrustToken, trustEndsAt } from '../core/trusted-browser.js';
import { challengeRequired } from '../core/two-factor-status.js';
import type { Actor } from '../repos/audit.js';
import type { AccountRecord } from '../repos/accounts.js';
import { deleteTrustedBrowser, findTrustedBrowser, insertTrustedBrowser, listTrustedBrowsers, touchTrustedBrowser, type TrustedBrowserRecord } from '../repos/trusted-browsers.js';
import { accountPolicy, accountTarget, accountTrustDays } from './accounts.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { auditTarget, keyOpContext, notifyTarget } from './key-op.js';
import { endTrustedBrowsers } from './trusted-browser-ends.js';

const DAY_MS = 86_400_000;

/** A trusted browser as lists show it: never its token or hash. */
export interface TrustedBrowserView {
  id: number;
  description: string;
  ip: string | null;
  createdAt: number;
  /** When the trust ends under today's setting. */
  endsAt: number;
  lastUsedAt: number | null;
  /** True for the browser that asks (its cookie holds this trust's token). */
  current: boolean;
}

/** The browser a request comes from: its address and User-Agent. */
export interface BrowserClient {
  ip: string | null;
  userAgent: string | undefined;
}

function endOf(row: TrustedBrowserRecord, account: AccountRecord): number {
  return trustEndsAt(row.createdAt, row.expiresAt, accountTrustDays(account).value);
}

/** The account's browsers still trusted now, newest first; `token` (the asking browser's cookie) marks its own. */
export async function accountTrustedBrowsers(ctx: ServiceContext, account: AccountRecord, token?: string): Promise<TrustedBrowserView[]> {
  const now = ctx.clock.now();
  const own = token && isTrustTokenShape(token) ? hashTrustToken(token) : null;
  return (await listTrustedBrowsers(ctx.db, account.id))
    .map((row) => ({ id: row.id, description: row.description, ip: row.ip, createdAt: row.createdAt, endsAt: endOf(row, account), lastUsedAt: row.lastUsedAt, current: row.tokenHash === own }))
    .filter((view) => view.endsAt > now);
}

/**
 * After a passed challenge where the user chose "Don't ask again on this browser": stores the hash
 * of a new token with the account, address and browser, audited and noticed, in one transaction.
 * Answers the token for the cookie and how many days it lasts, or null when the setting is 0.
 */
export async function trustBrowser(ctx: ServiceContext, actor: Actor, account: AccountRecord, client: BrowserClient): Promise<{ token: string; days: number } | null> {
  const days = accountTrustDays(account).value;
  if (days <= 0 || !challengeRequired(accountPolicy(account), account.state)) return null;
  const token = newTrustToken();
  const now = ctx.clock.now();
  const description = describeBrowser(client.userAgent);
  await ctx.db.transaction(async (trx) => {
    await insertTrustedBrowser(trx, { accountId: account.id, tokenHash: hashTrustToken(token), description, ip: client.ip, createdAt: now, expiresAt: now + days * DAY_MS });
    const c = keyOpContext(ctx, trx, actor);
    const detail = `${description} from ${client.ip ?? 'an unknown address'}, for ${days} day(s)`;
    await auditTarget(c, accountTarget(account), 'browser.trusted', detail);
    await notifyTarget(c, accountTarget(account), 'browser_trusted', `Browser: ${description}\nAddress: ${client.ip ?? 'unknown'}\nFor: ${days} day(s)`);
  });
  return { token, days };
}

/**
 * True when `token` (the browser's trust cookie) is a live trust of this very account: the code may
 * be skipped, never the password. A token of another account, an ended or lowered-to-0 trust, or
 * code entry locked all answer false. A skip is noted and audited.
 */
export async function trustedBrowserSkips(ctx: ServiceContext, account: AccountRecord, token: string | undefined, actor: Actor): Promise<boolean> {
  if (!token || !isTrustTokenShape(token)) return false;
  const now = ctx.clock.now();
  if (account.state.lockedUntil !== null && account.state.lockedUntil > now) return false;
  const row = await findTrustedBrowser(ctx.db, hashTrustToken(token));
  if (!row || row.accountId !== account.id || endOf(row, account) <= now) return false;
  await ctx.db.transaction(async (trx) => {
    await touchTrustedBrowser(trx, row.id, now);
    await auditTarget(keyOpContext(ctx, trx, actor), accountTarget(account), 'challenge.skipped', `trusted browser: ${row.description}`);
  });
  return true;
}

/** "Forget" one trusted browser of the account, audited; answers its description. */
export async function forgetTrustedBrowser(ctx: ServiceContext, actor: Actor, account: AccountRecord, id: number): Promise<string> {
  return ctx.db.transaction(async (trx) => {
    const description = await deleteTrustedBrowser(trx, account.id, id);
    if (description === null) throw new ServiceError('not_found', `There is no such trusted browser for ${account.address}.`, 'browser');
    await auditTarget(keyOpContext(ctx, trx, actor), accountTarget(account), 'browser.forgotten', description);
    return description;
  });
}

/** "Forget all" (or WebAdmin's "Forget trusted browsers"): answers how many there were. */
export async function forgetAllTrustedBrowsers(ctx: ServiceContext, actor: Actor, account: AccountRecord): Promise<number> {
  return ctx.db.transaction((trx) => endTrustedBrowsers(keyOpContext(ctx, trx, actor), accountTarget(account), 'forgotten'));
}
