import test from 'ava';
import { MAX_CODE_FAILURES, PASSWORD_FREE_FAILURES } from '../../src/core/lockout.js';
import { insertAdmin } from '../../src/repos/admins.js';
import { storeSecret } from '../../src/repos/two-factor.js';
import { hashPassword } from '../../src/core/password.js';
import { createAccount } from '../../src/services/accounts.js';
import { createDomain } from '../../src/services/domains.js';
import { startAppCluster, type AppCluster } from '../helpers/app-cluster.js';
import { testConfig } from '../helpers/config.js';
import { Browser, type Page } from '../helpers/http.js';
import { referenceTotp } from '../helpers/rfc6238.js';
import { passwordAllowance } from '../helpers/throttle-allowance.js';
import { TEST_ADMIN } from '../helpers/services.js';

// Every rule that counts is proven here with simultaneous requests spread over two app instances,
// each its own process with its own database connection, on the suite's database (SQLite or
// PostgreSQL): a sequential test could not show that the count holds.

const KEY = 'JBSWY3DPEHPK3PXP';
const PASSWORD = 'alice-password-1';

async function withCluster(run: (cluster: AppCluster) => Promise<void>): Promise<void> {
  const cluster = await startAppCluster(2);
  try {
    await run(cluster);
  } finally {
    await cluster.close();
  }
}

async function pairedAccount(cluster: AppCluster): Promise<string> {
  const domain = await createDomain(cluster.ctx, TEST_ADMIN, 'example.com', 'postmaster-password');
  const account = await createAccount(cluster.ctx, TEST_ADMIN, domain, { name: 'alice', password: PASSWORD }, [
    { op: 'setTwoFactor', value: 'enabled' },
    { op: 'provisionKey', key: KEY },
  ]);
  return account.address;
}

/** Six-digit codes that are none of the key's codes around now. */
function wrongCodes(count: number): string[] {
  const seconds = Math.floor(Date.now() / 1000);
  const valid = new Set([-2, -1, 0, 1, 2].map((step) => referenceTotp(KEY, seconds + step * 30)));
  const codes: string[] = [];
  for (let n = 100001; codes.length < count; n += 7919) if (!valid.has(String(n))) codes.push(String(n));
  return codes;
}

/** The hidden fields of the first form on a page. */
function hiddenFields(page: Page): Record<string, string> {
  const fields: Record<string, string> = {};
  page.$('form').first().find('input[type=hidden]').each((_, el) => {
    fields[page.$(el).attr('name')!] = page.$(el).attr('value') ?? '';
  });
  return fields;
}

test('the password allowance of a burst grows only as the delays run out', (t) => {
  t.is(passwordAllowance(0), PASSWORD_FREE_FAILURES);
  t.is(passwordAllowance(999), PASSWORD_FREE_FAILURES);
  t.is(passwordAllowance(1000), PASSWORD_FREE_FAILURES + 1);
  t.is(passwordAllowance(2999), PASSWORD_FREE_FAILURES + 1);
  t.is(passwordAllowance(3000), PASSWORD_FREE_FAILURES + 2);
});

/** Sends the same form from the same browser `bodies.length` times at once, alternating between the instances. */
async function burst(cluster: AppCluster, from: Browser, path: string, bodies: Record<string, string>[]): Promise<Page[]> {
  const clones = cluster.urls.map((url) => {
    const clone = new Browser(url);
    for (const [name, value] of from.cookies) clone.cookies.set(name, value);
    return clone;
  });
  return Promise.all(bodies.map((body, i) => clones[i % clones.length].post(path, body)));
}

/** A burst and how long it took from the first request sent to the last answer. */
async function timedBurst(cluster: AppCluster, from: Browser, path: string, bodies: Record<string, string>[]): Promise<{ pages: Page[]; elapsedMs: number }> {
  const started = Date.now();
  const pages = await burst(cluster, from, path, bodies);
  return { pages, elapsedMs: Date.now() - started };
}

async function auditCount(cluster: AppCluster, event: string, detailLike: string): Promise<number> {
  const row = await cluster.db('audit_events').where({ event }).where('detail', 'like', detailLike).sum({ total: 'count' }).first();
  return Number(row?.total ?? 0);
}

test.serial('60 simultaneous wrong codes for one pending WebMail login over two instances: at most 5 are checked, the rest are refused as locked, and the right code afterwards is refused', async (t) => {
  await withCluster(async (cluster) => {
    const address = await pairedAccount(cluster);
    const browser = new Browser(cluster.urls[0]);
    const afterPassword = await browser.submit('/login', { username: address, password: PASSWORD });
    t.is(afterPassword.location, '/login/verify');
    const form = hiddenFields(await browser.get('/login/verify'));
    const pages = await burst(cluster, browser, '/login/verify', wrongCodes(60).map((code) => ({ ...form, code })));

    const statuses = pages.map((page) => page.status);
    t.true(statuses.every((status) => [401, 423, 303].includes(status)), `only refusals: ${[...new Set(statuses)]}`);
    t.true(pages.every((page) => page.status !== 303 || page.location!.startsWith('/login')), 'no answer signed in');
    t.true(statuses.filter((status) => status === 401).length <= MAX_CODE_FAILURES - 1);
    const checked = (await auditCount(cluster, 'challenge.failed', 'wrong code%')) + (await auditCount(cluster, 'challenge.locked', '%'));
    t.true(checked <= MAX_CODE_FAILURES, `${checked} codes were checked`);
    t.is(await auditCount(cluster, 'challenge.locked', '%'), 1, 'one lock');

    const again = new Browser(cluster.urls[1]);
    const token = hiddenFields(await again.get('/login'))._csrf;
    await again.post('/login', { _csrf: token, username: address, password: PASSWORD });
    t.is((await again.get('/login/verify')).$('#code').length, 0, 'the locked challenge asks for no code');
    const right = await again.post('/login/verify', { _csrf: token, code: referenceTotp(KEY, Date.now() / 1000) });
    t.is(right.status, 423, 'the right code is refused while locked');
  });
});

test.serial('60 simultaneous wrong codes at the WebAdmin challenge over two instances: at most 5 are checked', async (t) => {
  await withCluster(async (cluster) => {
    const now = Date.now();
    const id = await insertAdmin(cluster.db, 'ops', await hashPassword('ops-password-1', testConfig().passwordCost), false, now);
    await storeSecret(cluster.db, { kind: 'admin', id }, cluster.ctx.secretBox.seal(KEY), true, now);
    const browser = new Browser(cluster.urls[0]);
    const afterPassword = await browser.submit('/admin/login', { name: 'ops', password: 'ops-password-1' });
    t.is(afterPassword.location, '/admin/login/challenge');
    const form = hiddenFields(await browser.get('/admin/login/challenge'));
    const pages = await burst(cluster, browser, '/admin/login/challenge', wrongCodes(60).map((code) => ({ ...form, code })));
    t.true(pages.every((page) => page.status !== 303 || page.location!.startsWith('/admin/login')), 'no answer signed in');
    const checked = (await auditCount(cluster, 'challenge.failed', 'wrong code%')) + (await auditCount(cluster, 'challenge.locked', '%'));
    t.true(checked <= MAX_CODE_FAILURES, `${checked} codes were checked`);
    t.is(await auditCount(cluster, 'challenge.locked', '%'), 1);
  });
});

test.serial('40 simultaneous passwords for one account over two instances, the right one last: at most the allowance is checked', async (t) => {
  await withCluster(async (cluster) => {
    const address = await pairedAccount(cluster);
    const browser = new Browser(cluster.urls[0]);
    const form = hiddenFields(await browser.get('/login'));
    const bodies = Array.from({ length: 40 }, (_, i) => ({ ...form, username: address, password: i === 39 ? PASSWORD : `guess-${i}` }));
    const { pages, elapsedMs } = await timedBurst(cluster, browser, '/login', bodies);
    const statuses = pages.map((page) => page.status);
    const checked = statuses.filter((status) => status === 401 || status === 303).length;
    t.true(checked <= passwordAllowance(elapsedMs), `${checked} passwords were checked in ${elapsedMs} ms`);
    t.is(statuses.filter((status) => status === 429).length, 40 - checked, 'the rest are refused as throttled');
    t.is(await auditCount(cluster, 'signin.failed', '%wrong password%'), statuses.filter((status) => status === 401).length, 'every checked failure is in the audit log');
    t.true((await cluster.db('audit_events').where({ event: 'signin.failed' })).length <= 4, 'the burst is a few rows with counts, not 40');
  });
});

test.serial('40 simultaneous WebAdmin passwords over two instances: at most the allowance is checked', async (t) => {
  await withCluster(async (cluster) => {
    await insertAdmin(cluster.db, 'ops', await hashPassword('ops-password-1', testConfig().passwordCost), false, Date.now());
    const browser = new Browser(cluster.urls[0]);
    const form = hiddenFields(await browser.get('/admin/login'));
    const { pages, elapsedMs } = await timedBurst(cluster, browser, '/admin/login', Array.from({ length: 40 }, (_, i) => ({ ...form, name: 'ops', password: `guess-${i}` })));
    const checked = pages.filter((page) => page.status === 401).length;
    t.true(checked <= passwordAllowance(elapsedMs), `${checked} passwords were checked in ${elapsedMs} ms`);
    t.is(pages.filter((page) => page.status === 429).length, 40 - checked);
  });
});
