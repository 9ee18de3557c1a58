import test from 'ava';
import { PASSWORD_FREE_FAILURES } from '../../../src/core/lockout.js';
import { ADMIN_PASSWORD, Browser, startTestServer } from '../../helpers/http.js';
import { adminLogin, signedInAdmin, signedInWebmailUser, threeTests } from './helpers.js';

test('the admin sign-in page has its own form, CSRF field and no script', async (t) => {
  const server = await startTestServer();
  try {
    const page = await new Browser(server.url).get('/admin/login');
    t.is(page.status, 200);
    t.is(page.$('h1').text(), 'Sign in to WebAdmin');
    t.is(page.$('input[name=_csrf]').length, 1);
    t.is(page.$('input[name=name]').attr('autocomplete'), 'username');
    t.is(page.$('input[name=password]').attr('autocomplete'), 'current-password');
    t.is(page.$('script').length, 0);
    t.regex(page.$('title').text(), /Twostep WebAdmin/);
  } finally {
    await server.close();
  }
});

test('sign-in renews the session, lands on the return path, and sign-out ends the session server-side', async (t) => {
  const server = await startTestServer();
  try {
    const browser = new Browser(server.url);
    const anonymous = await browser.get('/admin/domains?q=ex');
    t.is(anonymous.location, '/admin/login?next=%2Fadmin%2Fdomains%3Fq%3Dex');
    const form = await browser.get(anonymous.location!);
    t.is(form.$('input[name=next]').attr('value'), '/admin/domains?q=ex');
    const before = browser.cookies.get('twostep.admin');
    const signedIn = await browser.submitForm(form, { name: 'admin', password: ADMIN_PASSWORD }, 'form', '/admin/login');
    t.is(signedIn.status, 303);
    t.is(signedIn.location, '/admin/domains?q=ex');
    const cookie = signedIn.setCookies.find((c) => c.startsWith('twostep.admin='))!;
    t.regex(cookie, /path=\/admin/);
    t.regex(cookie, /httponly/i);
    t.regex(cookie, /samesite=lax/i);
    t.not(browser.cookies.get('twostep.admin'), before);
    const home = await browser.follow(await browser.get('/admin'));
    t.is(home.status, 200);
    t.is(home.$('.topbar .admin-brand').text(), 'Twostep WebAdmin');
    t.regex(home.$('.topbar nav').text(), /admin/);
    // The space stands outside the hidden words: inside them a screen reader reads "Signed in asadmin".
    const hidden = home.$('.topbar nav .sr-only').get(0)!;
    t.is(home.$(hidden).text(), 'Signed in as');
    t.regex(hidden.next?.type === 'text' ? (hidden.next as unknown as { data: string }).data : '', /^ $/);
    t.true(home.$('.admin-nav').text().includes('Domains & Accounts'));
    t.true(home.$('.admin-nav').text().includes('Manage Domains'));
    const sid = browser.cookies.get('twostep.admin')!;
    t.truthy(await server.testDb.db('sessions').where({ sid, kind: 'admin' }).first());

    const out = await browser.submitForm(home, {}, 'form[action="/admin/logout"]');
    t.is(out.status, 303);
    t.is(out.location, '/admin/login?signedout=1');
    t.falsy(await server.testDb.db('sessions').where({ sid }).first());
    const after = await browser.get('/admin/domains');
    t.is(after.status, 303);
    t.regex(after.location!, /^\/admin\/login/);
  } finally {
    await server.close();
  }
});

test('return paths leave WebAdmin never', async (t) => {
  const server = await startTestServer();
  try {
    for (const next of ['//evil.example/admin', 'https://evil.example/', '/admin//evil.example', '/mail', '/admin\\evil']) {
      const { page } = await (async () => {
        const browser = new Browser(server.url);
        const form = await browser.get(`/admin/login?next=${encodeURIComponent(next)}`);
        t.is(form.$('input[name=next]').length, 0, next);
        return { page: await browser.submitForm(form, { name: 'admin', password: ADMIN_PASSWORD, next }, 'form', '/admin/login') };
      })();
      t.is(page.location, '/admin', next);
    }
  } finally {
    await server.close();
  }
});

test('wrong passwords get one generic message, a 4xx, and a growing delay per name and address', async (t) => {
  const server = await startTestServer();
  try {
    const unknown = await adminLogin(server, 'nobody', 'whatever-123');
    const wrong = await adminLogin(server, 'admin', 'wrong-password');
    t.is(unknown.page.status, 401);
    t.is(wrong.page.status, 401);
    t.is(unknown.page.$('[role=alert]').text().trim(), 'Wrong name or password.');
    t.is(wrong.page.$('[role=alert]').text().trim(), 'Wrong name or password.');
    t.is(wrong.page.$('input[name=name]').attr('value'), 'admin');
    for (let i = 1; i < PASSWORD_FREE_FAILURES; i++) await adminLogin(server, 'admin', 'wrong-password');
    const blocked = await adminLogin(server, 'admin', ADMIN_PASSWORD);
    t.is(blocked.page.status, 429);
    t.regex(blocked.page.$('[role=alert]').text(), /Too many failed sign-ins\. Try again in \d+ seconds?\./);
    server.clock.advance(2000);
    const ok = await adminLogin(server, 'admin', ADMIN_PASSWORD);
    t.is(ok.page.status, 303);
  } finally {
    await server.close();
  }
});

test('malformed sign-in forms answer 4xx with the message beside the field', async (t) => {
  const server = await startTestServer();
  try {
    const browser = new Browser(server.url);
    const form = await browser.get('/admin/login');
    const csrf = form.$('input[name=_csrf]').attr('value')!;
    const cases: Record<string, string | string[]>[] = [{}, { name: ['admin', 'admin'], password: ADMIN_PASSWORD }, { name: 'admin', password: 'x'.repeat(10 * 1024) }, { name: '', password: '' }];
    for (const fields of cases) {
      const page = await browser.post('/admin/login', { _csrf: csrf, ...fields });
      t.true(page.status >= 400 && page.status < 500, JSON.stringify(fields).slice(0, 60));
      t.true(page.$('.field-error, [role=alert]').length > 0);
    }
    const bytes = await browser.request('POST', '/admin/login', `_csrf=${encodeURIComponent(csrf)}&name=%FF%FE&password=%C3%28`);
    t.true(bytes.status >= 400 && bytes.status < 500);
    const noToken = await browser.post('/admin/login', { name: 'admin', password: ADMIN_PASSWORD });
    t.is(noToken.status, 403);
    t.falsy(noToken.location);
  } finally {
    await server.close();
  }
});

test('a WebMail session never opens WebAdmin, and an admin session never opens WebMail pages', async (t) => {
  const server = await startTestServer();
  try {
    const user = await signedInWebmailUser(server);
    for (const path of ['/admin', '/admin/domains', '/admin/domains/new']) {
      const page = await user.get(path);
      t.is(page.status, 303, path);
      t.regex(page.location!, /^\/admin(\/login)?/);
    }
    const admin = await signedInAdmin(server);
    t.falsy(admin.cookies.get('twostep.sid'), 'the admin holds no WebMail session');
    const mail = await admin.get('/mail');
    t.is(mail.status, 303, 'an admin session never opens a mailbox');
    t.regex(mail.location!, /^\/login/);
  } finally {
    await server.close();
  }
});

test('expired admin sessions go back to the sign-in with a message', async (t) => {
  const server = await startTestServer();
  try {
    const admin = await signedInAdmin(server);
    t.is((await admin.get('/admin/domains')).status, 200);
    server.clock.advance(31 * 60 * 1000);
    const expired = await admin.get('/admin/domains');
    t.is(expired.status, 303);
    t.regex(expired.location!, /expired=1/);
    const login = await admin.get(expired.location!);
    t.regex(login.$('[role=status]').text(), /session has ended/);
  } finally {
    await server.close();
  }
});

test('Manage Domains: three tests', async (t) => {
  const server = await startTestServer();
  try {
    await threeTests(t, server, '/admin/domains', (page) => t.is(page.$('h1').text(), 'Manage Domains'));
  } finally {
    await server.close();
  }
});

test('the challenge and set-up pages: anonymous and WebMail users go to the sign-in, a signed-in admin to WebAdmin', async (t) => {
  const server = await startTestServer();
  try {
    const user = await signedInWebmailUser(server);
    const admin = await signedInAdmin(server);
    for (const path of ['/admin/login/challenge', '/admin/login/setup', '/admin/login/setup?start=1']) {
      t.is((await new Browser(server.url).get(path)).location, '/admin/login', path);
      t.regex((await user.get(path)).location!, /^\/admin\/login(\?|$)/, path);
      t.is((await admin.get(path)).location, '/admin', path);
    }
    t.is((await admin.get('/admin/login')).location, '/admin', 'a signed-in admin skips the sign-in page');
  } finally {
    await server.close();
  }
});
