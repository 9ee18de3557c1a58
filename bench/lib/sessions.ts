import { Browser } from '../../test/helpers/http.js';
import { codeAt } from '../../src/core/totp.js';
import { BENCH_PASSWORD } from './seeded-server.js';

/** The key every configured seeded account shares (see account-list-seed.ts). */
export const BENCH_KEY = 'JBSWY3DPEHPK3PXP';

/** A browser that has passed the password of `address` and holds the challenge page's CSRF token. */
export interface PendingLogin {
  browser: Browser;
  csrf: string;
}

/** Signs `address` in with its password and loads the challenge page; throws when it is not challenged. */
export async function pendingLogin(base: string, address: string): Promise<PendingLogin> {
  const browser = new Browser(base);
  const answer = await browser.submit('/login', { username: address, password: BENCH_PASSWORD }, 'form[action^="/login"]');
  if (answer.status !== 303 || !answer.location?.includes('/login/verify')) throw new Error(`login of ${address} answered ${answer.status} ${answer.location}`);
  const challenge = await browser.get('/login/verify');
  const csrf = challenge.$('form input[name=_csrf]').first().attr('value');
  if (!csrf) throw new Error('no CSRF token on the challenge page');
  return { browser, csrf };
}

/** Runs `task` over `items` with at most `concurrency` at once. */
export async function pool<T, R>(items: T[], concurrency: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index]);
      }
    }),
  );
  return results;
}

/** Posts the current code for a pending login; answers the latency in ms. Throws unless it reaches the mailbox. */
export async function postCode(login: PendingLogin): Promise<number> {
  const code = codeAt(BENCH_KEY, Date.now());
  const started = process.hrtime.bigint();
  const page = await login.browser.post('/login/verify', { _csrf: login.csrf, code });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (page.status !== 303 || page.location !== '/mail') throw new Error(`code POST answered ${page.status} ${page.location}`);
  return ms;
}
