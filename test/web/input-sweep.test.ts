import test, { type ExecutionContext } from 'ava';
import type { Knex } from 'knex';
import { createAccountClass } from '../../src/services/account-classes.js';
import { createAdmin } from '../../src/services/admins.js';
import { applyDomainChanges } from '../../src/services/domains.js';
import { createAccount } from '../../src/services/accounts.js';
import { CONTROL_BYTES_TEXT } from '../../src/web/control-bytes.js';
import { Browser, startTestServer, type Page, type TestServer } from '../helpers/http.js';
import { TEST_ADMIN } from '../helpers/services.js';
import { signedInAdmin } from './admin/helpers.js';
import { logIn, makeAccount } from './webmail/helpers.js';

// Every route comes from the application's own routers: a new screen is swept without touching this file.

/** Values of route parameters: objects the fixture creates. */
const PARAMS: Record<string, string> = { domain: 'example.com', class: 'staff', account: 'bob', name: 'helper', id: '1', file: 'missing.png', key: 'none' };

type Who = 'anonymous' | 'pending' | 'full' | 'admin';

interface Sweep {
  server: TestServer;
  browsers: Record<Who, Browser>;
  /** Every route as [method, path with parameters filled in, path pattern]. */
  routes: { method: 'GET' | 'POST'; path: string; pattern: string }[];
  /** Field names of the forms found on every page, by form action and method. */
  forms: Map<string, Set<string>>;
}

function fill(pattern: string, value?: (name: string) => string): string {
  return pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => (value ? value(name) : PARAMS[name] ?? 'x'));
}

/** Who may use a path: WebAdmin's admin, the challenge's pending sign-in, the login pages' anonymous visitor, else a signed-in user. */
function whoFor(path: string): Who {
  if (path.startsWith('/admin')) return 'admin';
  if (/^(\/m)?\/login\/verify/.test(path)) return 'pending';
  if (/^(\/m)?\/login$/.test(path)) return 'anonymous';
  return 'full';
}

function collectForms(page: Page, pagePath: string, forms: Map<string, Set<string>>): void {
  page.$('form').each((_, form) => {
    const method = (page.$(form).attr('method') ?? 'get').toUpperCase();
    const action = new URL(page.$(form).attr('action') || pagePath, 'http://x').pathname;
    const key = `${method} ${action}`;
    const fields = forms.get(key) ?? new Set<string>();
    page.$(form)
      .find('input[name], select[name], textarea[name], button[name]')
      .each((_, el) => {
        const name = page.$(el).attr('name')!;
        if (name !== '_csrf') fields.add(name);
      });
    forms.set(key, fields);
  });
}

async function openSweep(): Promise<Sweep> {
  const server = await startTestServer();
  const ctx = server.app.deps.services;
  const alice = await makeAccount(server, { name: 'alice', setting: 'enabled', paired: true });
  const domain = await applyDomainChanges(ctx, TEST_ADMIN, 'example.com', [{ op: 'setTwoFactorDefault', value: 'enabled' }]);
  await createAccountClass(ctx, TEST_ADMIN, domain, 'staff', [{ op: 'setTwoFactor', value: 'enabled' }]);
  const bob = await createAccount(ctx, TEST_ADMIN, domain, { name: 'bob', password: 'bob-password-1' });
  await createAdmin(ctx, TEST_ADMIN, 'helper', 'helper-password-1');
  const pending = new Browser(server.url);
  if ((await logIn(pending, alice.address)).location !== '/login/verify') throw new Error('alice did not reach the challenge');
  const full = new Browser(server.url);
  if ((await logIn(full, bob.address, 'bob-password-1')).location !== '/mail') throw new Error('bob was not signed in');
  const browsers = { anonymous: new Browser(server.url), pending, full, admin: await signedInAdmin(server) };
  const routes = server.app.routes
    .list()
    .flatMap(({ methods, path }) => methods.filter((m): m is 'GET' | 'POST' => m === 'GET' || m === 'POST').map((method) => ({ method, path: fill(path), pattern: path })));
  const forms = new Map<string, Set<string>>();
  for (const route of routes.filter((r) => r.method === 'GET')) {
    for (const who of new Set([whoFor(route.path), 'anonymous' as const])) {
      const page = await browsers[who].get(route.path);
      if (page.status === 200 && /html/.test(page.headers.get('content-type') ?? '')) collectForms(page, route.path, forms);
    }
  }
  return { server, browsers, routes, forms };
}

/** Every row of every table, in a stable order: equal before and after means nothing changed. */
async function snapshot(db: Knex): Promise<string> {
  const sqlite = db.client.config.client === 'better-sqlite3';
  const tables: string[] = sqlite
    ? ((await db.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")) as { name: string }[]).map((r) => r.name)
    : ((await db.raw('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1')) as { rows: { name: string }[] }).rows.map((r) => r.name);
  const parts: string[] = [];
  for (const table of tables) parts.push(`${table}: ${(await db(table).select()).map((row) => JSON.stringify(row)).sort().join('\n')}`);
  return parts.join('\n');
}

/** A valid CSRF token of each browser, read from one of its pages; it stays valid after its session ends. */
async function allTokens(sweep: Sweep): Promise<Record<Who, string>> {
  const pages: Record<Who, string> = { anonymous: '/login', pending: '/login/verify', full: '/mail', admin: '/admin/domains' };
  const tokens = {} as Record<Who, string>;
  for (const who of Object.keys(pages) as Who[]) {
    const page = await sweep.browsers[who].get(pages[who]);
    const token = page.$('input[name=_csrf]').first().attr('value');
    if (!token) throw new Error(`no CSRF token for ${who}: ${page.status}`);
    tokens[who] = token;
  }
  return tokens;
}

// The refusal sweeps change nothing (each checks so), so they share one; the valid-token pass gets its own.
let shared: Promise<Sweep> | null = null;
test.after.always(async () => (await shared)?.server.close());

/** A test over the shared sweep, or over a fresh one when it changes things (`own`). */
function sweepTest(title: string, body: (t: ExecutionContext, sweep: Sweep) => Promise<void>, own = false): void {
  test(title, async (t) => {
    if (!own) return body(t, await (shared ??= openSweep()));
    const sweep = await openSweep();
    try {
      await body(t, sweep);
    } finally {
      await sweep.server.close();
    }
  });
}

function fieldsOf(sweep: Sweep, method: string, path: string): string[] {
  return [...(sweep.forms.get(`${method} ${path}`) ?? [])];
}

/** A benign value for every field: the checks under test are about one field at a time. */
function benign(fields: string[]): Record<string, string> {
  return Object.fromEntries(fields.map((name) => [name, 'x']));
}

sweepTest('the sweep finds the forms of most POST routes, so their own fields are swept', async (t, sweep) => {
  // The security-key options are fetched by the page's script, never posted by a form.
  const posts = sweep.routes.filter((r) => r.method === 'POST' && !r.path.endsWith('/security-key/options'));
  t.true(posts.length >= 40, `${posts.length} POST routes`);
  const withForm = posts.filter((r) => sweep.forms.has(`POST ${r.path}`));
  // Forms reached only in the middle of a flow (pairing after the password, a challenge of a new admin) are swept by name.
  t.true(withForm.length >= posts.length * 0.6, `forms found for ${withForm.length} of ${posts.length}: missing ${posts.filter((r) => !withForm.includes(r)).map((r) => r.path).join(', ')}`);
  t.true(fieldsOf(sweep, 'POST', '/login').includes('username'));
  t.true(fieldsOf(sweep, 'GET', '/admin/domains/example.com/accounts').includes('q'));
});

sweepTest('every POST route refuses a missing or wrong CSRF token with 403 and changes nothing; a valid one passes the check', async (t, sweep) => {
  const db = sweep.server.testDb.db;
  const before = await snapshot(db);
  const posts = sweep.routes.filter((r) => r.method === 'POST');
  for (const route of posts) {
    const who = whoFor(route.path);
    const form = benign(fieldsOf(sweep, 'POST', route.path));
    const missing = await sweep.browsers[who].post(route.path, form);
    t.is(missing.status, 403, `POST ${route.path} without a token`);
    t.regex(missing.$('h1').text(), /form has expired/, `POST ${route.path} without a token`);
    const wrong = await sweep.browsers[who].post(route.path, { ...form, _csrf: 'not-a-valid-token' });
    t.is(wrong.status, 403, `POST ${route.path} with a wrong token`);
  }
  t.is(await snapshot(db), before, 'nothing changed');
  // WebMail first (WebAdmin's changes to bob end his sessions); in each area destructive routes last, signing out at the very end.
  const order = (path: string) => (path.startsWith('/admin') ? 10 : 0) + (/logout/.test(path) ? 2 : /remove|revoke|reset-key/.test(path) ? 1 : 0);
  const tokens = await allTokens(sweep);
  for (const route of [...posts].sort((a, b) => order(a.path) - order(b.path))) {
    const who = whoFor(route.path);
    const form = { ...benign(fieldsOf(sweep, 'POST', route.path)), _csrf: tokens[who] };
    const page = await sweep.browsers[who].post(route.path, form);
    t.not(page.status, 403, `POST ${route.path} with a valid token`);
    t.true(page.status < 500, `POST ${route.path} with a valid token answered ${page.status}`);
  }
}, true);

sweepTest('a NUL byte in any field of any POST route is refused with 400 and the words of the refusal, and changes nothing', async (t, sweep) => {
  const db = sweep.server.testDb.db;
  const before = await snapshot(db);
  const tokens = await allTokens(sweep);
  for (const route of sweep.routes.filter((r) => r.method === 'POST')) {
    const who = whoFor(route.path);
    const fields = [...fieldsOf(sweep, 'POST', route.path), 'probe'];
    for (const field of fields) {
      const page = await sweep.browsers[who].post(route.path, { ...benign(fields), [field]: 'u0\u0000@example.com', _csrf: tokens[who] });
      t.is(page.status, 400, `POST ${route.path} ${field}`);
      t.is(page.$('h1').text(), CONTROL_BYTES_TEXT.title, `POST ${route.path} ${field}`);
    }
  }
  t.is(await snapshot(db), before, 'nothing changed');
});

sweepTest('a NUL byte in any query field or path parameter of any page is refused with 400', async (t, sweep) => {
  for (const route of sweep.routes.filter((r) => r.method === 'GET')) {
    const browser = sweep.browsers[whoFor(route.path)];
    for (const field of [...fieldsOf(sweep, 'GET', route.path), 'domain', 'next', 'q']) {
      const page = await browser.get(`${route.path}?${encodeURIComponent(field)}=u0%00%40example.com`);
      t.is(page.status, 400, `GET ${route.path}?${field}`);
    }
    const names = [...route.pattern.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1]);
    for (const name of names) {
      const page = await browser.get(fill(route.pattern, (other) => (other === name ? 'u0%00' : PARAMS[other] ?? 'x')));
      t.is(page.status, 400, `GET ${route.pattern} with :${name} holding a NUL`);
    }
  }
  t.is((await sweep.browsers.admin.get('/admin/audit?account=a%00b')).$('h1').text(), CONTROL_BYTES_TEXT.title);
});
