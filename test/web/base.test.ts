import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyParser } from '@koa/bodyparser';
import test from 'ava';
import Koa from 'koa';
import { csrfProtection } from '../../src/web/csrf.js';
import { Browser, startTestServer } from '../helpers/http.js';

test('the front page answers with strict security headers and no script', async (t) => {
  const server = await startTestServer();
  try {
    const page = await new Browser(server.url).get('/login');
    t.is(page.status, 200);
    const csp = page.headers.get('content-security-policy') ?? '';
    t.regex(csp, /default-src 'none'/);
    t.regex(csp, /frame-ancestors 'none'/);
    t.notRegex(csp, /unsafe-inline/);
    t.is(page.headers.get('x-content-type-options'), 'nosniff');
    t.is(page.headers.get('referrer-policy'), 'same-origin');
    t.is(page.headers.get('cache-control'), 'no-store');
    t.is(page.$('script').length, 0);
  } finally {
    await server.close();
  }
});

test('unknown pages are a 404 page, static files are cached by version', async (t) => {
  const server = await startTestServer();
  try {
    const browser = new Browser(server.url);
    const missing = await browser.get('/no/such/page');
    t.is(missing.status, 404);
    t.is(missing.$('h1').text(), 'Page not found');
    const home = await browser.get('/login');
    const href = home.$('link[rel=stylesheet]').attr('href')!;
    t.regex(href, /^\/static\/styles\.css\?v=[0-9a-f]{12}$/);
    const css = await browser.get(href);
    t.is(css.status, 200);
    t.regex(css.headers.get('content-type')!, /text\/css/);
    t.regex(css.headers.get('cache-control')!, /immutable/);
    const again = await browser.request('GET', href, undefined, { 'if-none-match': css.headers.get('etag')! });
    t.is(again.status, 304);
  } finally {
    await server.close();
  }
});

test('a POST without a CSRF token is refused with 403', async (t) => {
  const server = await startTestServer();
  try {
    const page = await new Browser(server.url).post('/', { anything: 'x' });
    t.is(page.status, 403);
    t.regex(page.$('h1').text(), /form has expired/);
  } finally {
    await server.close();
  }
});

test('the CSRF secret cookie: HttpOnly and Lax; over HTTPS a __Host- cookie no subdomain can plant', async (t) => {
  const plain = await startTestServer();
  try {
    const page = await new Browser(plain.url).get('/login');
    const cookie = page.setCookies.find((c) => c.startsWith('twostep.csrf='))!;
    t.truthy(cookie);
    t.regex(cookie, /httponly/i);
    t.regex(cookie, /samesite=lax/i);
    t.regex(cookie, /path=\//i);
  } finally {
    await plain.close();
  }
  const secure = await startTestServer({ cookieSecure: true });
  try {
    const browser = new Browser(secure.url);
    const page = await browser.get('/login');
    const cookie = page.setCookies.find((c) => c.startsWith('__Host-twostep.csrf='))!;
    t.truthy(cookie);
    t.regex(cookie, /;\s*secure/i);
    t.regex(cookie, /path=\/(;|$)/i);
    t.notRegex(cookie, /domain=/i);
    // The form still posts: a wrong password is refused as a login error (400), not as a CSRF failure (403).
    const answer = await browser.submitForm(page, { username: 'nobody@example.com', password: 'wrong password' }, 'form[action^="/login"]', '/login');
    t.not(answer.status, 403);
    const forged = await new Browser(secure.url).post('/login', { _csrf: page.$('input[name=_csrf]').attr('value')!, username: 'a@b.example', password: 'x' });
    t.is(forged.status, 403, 'a token without its cookie is refused');
  } finally {
    await secure.close();
  }
});

test('tokens minted twice in one first page view share one secret, so every form on the page posts', async (t) => {
  const app = new Koa();
  app.use(bodyParser({ enableTypes: ['form'] }));
  app.use(csrfProtection({ cookieName: 'probe.csrf', secure: undefined, reject: (ctx) => { ctx.status = 403; } }));
  app.use((ctx) => {
    ctx.body = ctx.method === 'GET' ? [ctx.state.csrfToken(), ctx.state.csrfToken()].join(' ') : 'accepted';
  });
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const browser = new Browser(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const page = await browser.get('/');
    t.is(page.setCookies.length, 1);
    const [first, second] = page.text.split(' ');
    t.not(first, second);
    t.is((await browser.post('/', { _csrf: first })).status, 200);
    t.is((await browser.post('/', { _csrf: second })).status, 200);
    t.is((await browser.post('/', { _csrf: 'forged-token' })).status, 403);
  } finally {
    server.close();
  }
});
