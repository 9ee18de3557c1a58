import test from 'ava';
import type { Config } from '../../../src/config.js';
import { Browser, startTestServer, type TestServer } from '../../helpers/http.js';
import { answer, codeNow, logIn, makeAccount, type TestAccount } from './helpers.js';

async function withPaired(overrides: Partial<Config>, run: (server: TestServer, alice: TestAccount) => Promise<void>): Promise<void> {
  const server = await startTestServer(overrides);
  try {
    await run(server, await makeAccount(server, { setting: 'enabled', paired: true }));
  } finally {
    await server.close();
  }
}

function sessionCookie(setCookies: string[]): string {
  const cookie = setCookies.find((c) => c.startsWith('twostep.sid='));
  if (!cookie) throw new Error(`no session cookie in ${setCookies.join(' | ')}`);
  return cookie.toLowerCase();
}

async function signedIn(server: TestServer, alice: TestAccount, browser = new Browser(server.url)): Promise<Browser> {
  await logIn(browser, alice.address);
  await answer(browser, codeNow(server));
  return browser;
}

test('the session cookie is HttpOnly and SameSite=Lax, and not Secure over plain HTTP', async (t) => {
  await withPaired({}, async (server, alice) => {
    const page = await logIn(new Browser(server.url), alice.address);
    const cookie = sessionCookie(page.setCookies);
    t.regex(cookie, /; httponly/);
    t.regex(cookie, /; samesite=lax/);
    t.regex(cookie, /; path=\//);
    t.notRegex(cookie, /; secure/);
  });
});

test('COOKIE_SECURE=true sets the Secure flag', async (t) => {
  await withPaired({ cookieSecure: true }, async (server, alice) => {
    const page = await logIn(new Browser(server.url), alice.address);
    t.regex(sessionCookie(page.setCookies), /; secure/);
  });
});

test('behind a trusted proxy, X-Forwarded-Proto: https sets the Secure flag; an untrusted one does not', async (t) => {
  await withPaired({ proxyHops: 1 }, async (server, alice) => {
    const page = await logIn(new Browser(server.url, { 'x-forwarded-proto': 'https' }), alice.address);
    t.regex(sessionCookie(page.setCookies), /; secure/);
  });
  await withPaired({ proxyHops: 0 }, async (server, alice) => {
    const page = await logIn(new Browser(server.url, { 'x-forwarded-proto': 'https' }), alice.address);
    t.notRegex(sessionCookie(page.setCookies), /; secure/);
  });
});

test('signing out deletes the session server-side: the old cookie opens nothing', async (t) => {
  await withPaired({}, async (server, alice) => {
    const browser = await signedIn(server, alice);
    const stolen = new Map(browser.cookies);
    t.is((await browser.get('/mail')).status, 200);
    const confirm = await browser.get('/logout');
    t.is(confirm.$('form[action="/logout"] button').text(), 'Sign out');
    const out = await browser.submitForm(confirm, {}, 'form[action="/logout"]', '/logout');
    t.is(out.location, '/login?signedout=1');
    t.is((await browser.follow(out)).$('[role=status]').text(), 'You have signed out.');
    t.is((await server.testDb.db('sessions').select('sid')).length, 0);
    const replay = new Browser(server.url);
    for (const [name, value] of stolen) replay.cookies.set(name, value);
    t.is((await replay.get('/mail')).location, '/login');
  });
});

test('after the idle timeout the next request lands on the login, and the challenge is asked again', async (t) => {
  await withPaired({ sessionIdleSeconds: 120, sessionMaxSeconds: 3600 }, async (server, alice) => {
    const browser = await signedIn(server, alice);
    server.clock.advance(100_000);
    t.is((await browser.get('/mail')).status, 200);
    server.clock.advance(100_000);
    t.is((await browser.get('/mail')).status, 200, 'activity keeps the session alive');
    server.clock.advance(121_000);
    const expired = await browser.get('/mail');
    t.is(expired.location, '/login?expired=1');
    t.is((await browser.follow(expired)).$('[role=status]').text(), 'Your session has ended. Sign in again.');
    t.is((await server.testDb.db('sessions').select('sid')).length, 0);
    t.is((await logIn(browser, alice.address)).location, '/login/verify');
    t.is((await browser.get('/mail')).location, '/login/verify');
    t.is((await answer(browser, codeNow(server))).location, '/mail');
  });
});

test('after the maximum lifetime the session ends even when active', async (t) => {
  await withPaired({ sessionIdleSeconds: 120, sessionMaxSeconds: 300 }, async (server, alice) => {
    const browser = await signedIn(server, alice);
    for (let i = 0; i < 4; i++) {
      server.clock.advance(70_000);
      t.is((await browser.get('/mail')).status, 200);
    }
    server.clock.advance(30_000);
    t.is((await browser.get('/mail')).location, '/login?expired=1');
    t.is((await logIn(browser, alice.address)).location, '/login/verify');
  });
});

test('a pending challenge expires too', async (t) => {
  await withPaired({ sessionIdleSeconds: 60, sessionMaxSeconds: 3600 }, async (server, alice) => {
    const browser = new Browser(server.url);
    await logIn(browser, alice.address);
    server.clock.advance(61_000);
    const page = await browser.get('/login/verify');
    t.is(page.location, '/login?expired=1');
  });
});
