import test from 'ava';
import { listMessages } from '../../../src/repos/messages.js';
import { Browser, startTestServer, type TestServer } from '../../helpers/http.js';
import { logIn, makeAccount, type TestAccount } from './helpers.js';

async function withAccount(opts: Parameters<typeof makeAccount>[1], run: (server: TestServer, alice: TestAccount) => Promise<void>): Promise<void> {
  const server = await startTestServer();
  try {
    await run(server, await makeAccount(server, opts));
  } finally {
    await server.close();
  }
}

/** Every place a pending session must not reach, standard, mobile and WebAdmin. */
async function protectedPaths(server: TestServer, alice: TestAccount): Promise<string[]> {
  const [message] = await listMessages(server.testDb.db, alice.account.id);
  return ['/mail', `/mail/${message.id}`, '/m/mail', `/m/mail/${message.id}`, '/settings', '/settings/two-step', '/m', '/', '/admin', '/admin/domains'];
}

const isMobile = (path: string) => path === '/m' || path.startsWith('/m/');

function assertNoContent(t: import('ava').ExecutionContext, text: string): void {
  t.notRegex(text, /Welcome to|messages|unread/i);
}

test('a session waiting for its code reaches nothing but the challenge and sign-out, GET or POST', async (t) => {
  await withAccount({ setting: 'enabled', paired: true }, async (server, alice) => {
    const browser = new Browser(server.url);
    await logIn(browser, alice.address);
    for (const path of await protectedPaths(server, alice)) {
      const page = await browser.get(path);
      if (path.startsWith('/admin')) {
        t.is(page.status, 303, path);
        t.regex(page.location ?? '', /^\/admin\/login/, path);
      } else {
        t.is(page.status, 303, path);
        t.is(page.location, isMobile(path) ? '/m/login/verify' : '/login/verify', path);
      }
      assertNoContent(t, page.text);
    }
    const token = (await browser.get('/login/verify')).$('input[name=_csrf]').attr('value')!;
    for (const path of ['/mail', '/settings', '/m/mail']) {
      const posted = await browser.post(path, { _csrf: token, anything: 'x' });
      t.is(posted.status, 303, `POST ${path}`);
      assertNoContent(t, posted.text);
    }
    const signOut = await browser.submit('/logout', {});
    t.is(signOut.location, '/login?signedout=1');
    t.is((await browser.get('/login/verify')).location, '/login');
  });
});

test('a session that must set up 2-Step Verification reaches only /setup and sign-out', async (t) => {
  await withAccount({ setting: 'mandatory' }, async (server, alice) => {
    const browser = new Browser(server.url);
    t.is((await logIn(browser, alice.address)).location, '/setup');
    const setup = await browser.get('/setup');
    t.is(setup.status, 200);
    t.is(setup.$('a.button').first().text(), 'Get Started');
    t.is(setup.$('form[action="/logout"] button').first().text(), 'Sign out');
    assertNoContent(t, setup.text);
    for (const path of [...(await protectedPaths(server, alice)), '/login/verify', '/login']) {
      const page = await browser.get(path);
      t.is(page.status, 303, path);
      if (!path.startsWith('/admin')) t.is(page.location, isMobile(path) ? '/m/setup' : '/setup', path);
      assertNoContent(t, page.text);
    }
    const mobile = await browser.get('/m/setup');
    t.is(mobile.status, 200);
    t.regex(mobile.text, /standard WebMail/);
    t.is(mobile.$('a.button').first().attr('href'), '/setup');
  });
});

test('a mobile login that must set up is told to do it from the standard WebMail', async (t) => {
  await withAccount({ setting: 'mandatory' }, async (server, alice) => {
    const browser = new Browser(server.url);
    t.is((await logIn(browser, alice.address, undefined, '/m/login')).location, '/m/setup');
    const page = await browser.get('/m/setup');
    t.regex(page.$('main').text(), /Mobile WebMail cannot set it up/);
    t.is(page.$('a.button').first().text(), 'Open the standard WebMail');
    t.is(page.$('a:contains("Cancel")').length, 0, 'no Cancel that would only lead back here');
    const signOut = page.$('main form button:contains("Sign out")');
    t.is(signOut.length, 1);
    const out = await browser.post('/m/logout', { _csrf: page.$('main form input[name=_csrf]').val() as string });
    t.is(out.status, 303);
    t.is((await browser.get('/m/setup')).location, '/m/login', 'signed out');
  });
});

test('a WebMail session never opens WebAdmin', async (t) => {
  await withAccount({ setting: 'disabled' }, async (server, alice) => {
    const browser = new Browser(server.url);
    await logIn(browser, alice.address);
    t.is((await browser.get('/mail')).status, 200);
    for (const path of ['/admin', '/admin/domains', '/admin/accounts']) {
      const page = await browser.get(path);
      t.is(page.status, 303, path);
      t.regex(page.location ?? '', /^\/admin\/login/, path);
    }
  });
});

test('an anonymous visitor is sent to the login; unknown pages are a 404', async (t) => {
  await withAccount({ setting: 'disabled' }, async (server, alice) => {
    const browser = new Browser(server.url);
    const [message] = await listMessages(server.testDb.db, alice.account.id);
    for (const [path, target] of [
      ['/mail', '/login'],
      [`/mail/${message.id}`, '/login'],
      ['/login/verify', '/login'],
      ['/setup', '/login'],
      ['/m/mail', '/m/login'],
      ['/m', '/m/login'],
    ]) {
      const page = await browser.get(path);
      t.is(page.location, target, path);
    }
    t.is((await browser.get('/no/such/page')).status, 404);
  });
});

test('a POST without a valid CSRF token is 403 with "form expired" and changes nothing', async (t) => {
  await withAccount({ setting: 'enabled', paired: true }, async (server, alice) => {
    const browser = new Browser(server.url);
    const noToken = await browser.post('/login', { username: alice.address, password: 'alice-password-1' });
    t.is(noToken.status, 403);
    t.regex(noToken.$('h1').text(), /form has expired/);
    t.is((await server.testDb.db('sessions').select('sid')).length, 0);
    await logIn(browser, alice.address);
    for (const form of [{ code: '000001' }, { code: '000001', _csrf: 'forged-token' }] as Record<string, string>[]) {
      t.is((await browser.post('/login/verify', form)).status, 403);
    }
    const row = await server.testDb.db('accounts').where({ id: alice.account.id }).first('totp_failures');
    t.is(Number(row.totp_failures), 0);
    t.is((await browser.post('/logout', {})).status, 403);
    t.is((await server.testDb.db('sessions').select('sid')).length, 1);
  });
});
