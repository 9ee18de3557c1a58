import test from 'ava';
import { applyDomainChanges } from '../../../src/services/domains.js';
import { Browser, startTestServer, type TestServer } from '../../helpers/http.js';
import { TEST_ADMIN } from '../../helpers/services.js';
import { logIn, makeAccount, PASSWORD, sessionId } from './helpers.js';

async function withServer(run: (server: TestServer) => Promise<void>): Promise<void> {
  const server = await startTestServer();
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

test('the login page has labelled fields with the right autocomplete and no script', async (t) => {
  await withServer(async (server) => {
    const page = await new Browser(server.url).get('/login');
    t.is(page.status, 200);
    t.is(page.$('script').length, 0);
    t.is(page.$('label[for=username]').text(), 'Username');
    t.is(page.$('#username').attr('autocomplete'), 'username');
    t.is(page.$('#password').attr('autocomplete'), 'current-password');
    t.is(page.$('#password').attr('type'), 'password');
    t.truthy(page.$('form input[name=_csrf]').attr('value'));
    t.regex(page.$('#username-hint').text(), /full email address/);
    t.notRegex(page.$('#username-hint').text(), /\w@\w/, 'the hint names no address that may not exist');
    t.true(Buffer.byteLength(page.text) < 8 * 1024);
  });
});

test('GET /login writes nothing to the database and sets no session cookie', async (t) => {
  await withServer(async (server) => {
    const before = await server.testDb.db('sessions').count({ n: '*' }).first();
    const page = await new Browser(server.url).get('/login?domain=example.com');
    t.is(page.status, 200);
    t.false(page.setCookies.some((c) => c.startsWith('twostep.sid=')));
    t.deepEqual(await server.testDb.db('sessions').count({ n: '*' }).first(), before);
  });
});

test('the domain comes from ?domain= or a WebMail host name, and then a bare name is enough', async (t) => {
  await withServer(async (server) => {
    const { domain } = await makeAccount(server);
    await applyDomainChanges(server.app.deps.services, TEST_ADMIN, domain.name, [{ op: 'setBrandingName', value: 'Example Mail' }]);
    const browser = new Browser(server.url);
    const page = await browser.get('/login?domain=example.com');
    t.is(page.$('.brand').text(), 'Example Mail');
    t.regex(page.$('#username-hint').text(), /@example\.com/);
    t.is(page.$('form').attr('action'), '/login?domain=example.com');
    const done = await browser.submitForm(page, { username: 'alice', password: PASSWORD });
    t.is(done.status, 303);
    t.is(done.location, '/mail');

    await applyDomainChanges(server.app.deps.services, TEST_ADMIN, domain.name, [{ op: 'setWebmailHosts', value: ['127.0.0.1'] }]);
    server.clock.advance(10_000);
    const byHost = new Browser(server.url);
    const hostPage = await byHost.get('/login');
    t.is(hostPage.$('.brand').text(), 'Example Mail');
    t.is((await byHost.submitForm(hostPage, { username: 'alice', password: PASSWORD }, 'form', '/login')).location, '/mail');
  });
});

test('one generic error for a wrong password, an unknown user or an unknown domain', async (t) => {
  await withServer(async (server) => {
    await makeAccount(server);
    for (const [username, password] of [
      ['alice@example.com', 'wrong-password'],
      ['nobody@example.com', PASSWORD],
      ['alice@unknown.example', PASSWORD],
    ]) {
      const page = await logIn(new Browser(server.url), username, password);
      t.is(page.status, 401);
      t.is(page.$('[role=alert]').text(), 'The email address or password is not correct.');
      t.is(page.$('#username').attr('value'), username);
    }
  });
});

test('missing fields are named beside the field with a 400', async (t) => {
  await withServer(async (server) => {
    const browser = new Browser(server.url);
    const empty = await logIn(browser, '', '');
    t.is(empty.status, 400);
    t.is(empty.$('#username-error').text(), 'Enter your email address.');
    t.is(empty.$('#password-error').text(), 'Enter your password.');
    t.is(empty.$('#username').attr('aria-invalid'), 'true');
    const bare = await logIn(browser, 'alice', PASSWORD);
    t.is(bare.status, 400);
    t.regex(bare.$('#username-error').text(), /full email address/);
  });
});

test('repeated wrong passwords are throttled with the time to wait', async (t) => {
  await withServer(async (server) => {
    await makeAccount(server);
    const browser = new Browser(server.url);
    for (let i = 0; i < 5; i++) t.is((await logIn(browser, 'alice@example.com', 'wrong-password')).status, 401);
    const blocked = await logIn(browser, 'alice@example.com', PASSWORD);
    t.is(blocked.status, 429);
    t.regex(blocked.$('[role=alert]').text(), /Try again in 1 second/);
    server.clock.advance(1000);
    t.is((await logIn(browser, 'alice@example.com', PASSWORD)).location, '/mail');
  });
});

for (const [setting, paired] of [
  ['disabled', false],
  ['disabled', true],
  ['enabled', false],
] as const) {
  test(`an account with 2-Step Verification ${setting}${paired ? ' (key kept)' : ''} goes straight to the mailbox`, async (t) => {
    await withServer(async (server) => {
      const { address } = await makeAccount(server, { setting, paired });
      const browser = new Browser(server.url);
      const done = await logIn(browser, address);
      t.is(done.status, 303);
      t.is(done.location, '/mail');
      const mail = await browser.get('/mail');
      t.is(mail.status, 200);
      t.is(mail.$('.who').text().replace('Signed in as ', ''), address);
    });
  });
}

test('the session id changes at login, and a signed-in user is sent from / and /login to the mailbox', async (t) => {
  await withServer(async (server) => {
    const { address } = await makeAccount(server);
    const browser = new Browser(server.url);
    t.is((await browser.get('/')).location, '/login');
    await browser.get('/login');
    browser.cookies.set('twostep.sid', 'planted-by-an-attacker');
    await logIn(browser, address);
    const first = sessionId(browser);
    t.truthy(first);
    t.not(first, 'planted-by-an-attacker');
    t.is((await browser.get('/')).location, '/mail');
    t.is((await browser.get('/login')).location, '/mail');
    await logIn(new Browser(server.url), address);
    const rows = await server.testDb.db('sessions').select('sid');
    t.is(rows.length, 2);
  });
});

const MALFORMED: [string, Record<string, string | string[]> | string][] = [
  ['no fields', {}],
  ['username as an array', { username: ['a', 'b'], password: ['x'] }],
  ['10 KB values', { username: 'a'.repeat(10_240), password: 'p'.repeat(10_240) }],
  ['non-UTF-8 bytes', 'username=%FF%FE%FD&password=%C3%28'],
  ['nested object', 'username[a]=1&password[b]=2'],
];

for (const [name, form] of MALFORMED) {
  test(`a login form with ${name} is a 4xx with a clear message, never a 5xx`, async (t) => {
    await withServer(async (server) => {
      const browser = new Browser(server.url);
      const page = await browser.get('/login');
      const token = page.$('input[name=_csrf]').attr('value')!;
      const body = typeof form === 'string' ? `${form}&_csrf=${encodeURIComponent(token)}` : { ...form, _csrf: token };
      const answer = await browser.post('/login', body);
      t.true(answer.status >= 400 && answer.status < 500, `status ${answer.status}`);
      t.true(answer.$('[role=alert]').length > 0);
      t.deepEqual(server.logs.filter((line) => line.startsWith('error')), []);
    });
  });
}

test('an anonymous GET /login runs no database query once the domain lookup is cached', async (t) => {
  await withServer(async (server) => {
    await makeAccount(server);
    const browser = new Browser(server.url);
    await browser.get('/login?domain=example.com');
    await browser.get('/login');
    const queries: string[] = [];
    const listen = (q: { sql: string }) => queries.push(q.sql);
    server.testDb.db.on('query', listen);
    try {
      for (let i = 0; i < 3; i++) {
        t.is((await browser.get('/login?domain=example.com')).status, 200);
        t.is((await new Browser(server.url).get('/login')).status, 200);
      }
    } finally {
      server.testDb.db.removeListener('query', listen);
    }
    t.deepEqual(queries, []);
  });
});
