import test from 'ava';
import { listAudit } from '../../src/repos/audit.js';
import type { Config } from '../../src/config.js';
import { trustedEntry } from '../../src/web/proxy.js';
import { Browser, startTestServer, type TestServer } from '../helpers/http.js';
import { signedInAdmin } from './admin/helpers.js';

async function withServer(overrides: Partial<Config>, run: (server: TestServer) => Promise<void>): Promise<void> {
  const server = await startTestServer(overrides);
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

test('the trusted entry of a forwarded header is the one the outermost trusted proxy wrote', (t) => {
  const cases: [header: string, hops: number, expected: string][] = [
    ['203.0.113.9', 1, '203.0.113.9'],
    ['6.6.6.6, 203.0.113.9', 1, '203.0.113.9'],
    ['6.6.6.6, 203.0.113.9, 10.0.0.2', 2, '203.0.113.9'],
    ['6.6.6.6,203.0.113.9,10.0.0.2', 3, '6.6.6.6'],
    ['203.0.113.9', 2, '203.0.113.9'],
    ['https, http', 1, 'http'],
  ];
  for (const [header, hops, expected] of cases) t.is(trustedEntry(header, hops), expected, `${header} through ${hops}`);
});

/** The client address WebAdmin's audit log records for a domain the admin adds with these request headers. */
async function auditedAddress(server: TestServer, name: string, headers: Record<string, string>): Promise<string | null | undefined> {
  const admin = await signedInAdmin(server);
  const form = await admin.get('/admin/domains/new');
  const token = form.$('input[name=_csrf]').attr('value')!;
  const page = await admin.request('POST', '/admin/domains/new', { _csrf: token, name, postmasterPassword: 'postmaster-pass-1' }, headers);
  if (page.status !== 303) throw new Error(`domain ${name} not added: ${page.status}`);
  const [event] = await listAudit(server.testDb.db, { limit: 1, domain: name, event: 'domain.created' });
  return event?.actor.ip;
}

test('the client address: the socket without TRUST_PROXY, else the entry of X-Forwarded-For as many hops from the right', async (t) => {
  const spoofed = { 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 10.0.0.2' };
  await withServer({ proxyHops: 0 }, async (server) => {
    t.is(await auditedAddress(server, 'none.test', spoofed), '127.0.0.1');
  });
  await withServer({ proxyHops: 1 }, async (server) => {
    t.is(await auditedAddress(server, 'one.test', spoofed), '10.0.0.2');
    t.is(await auditedAddress(server, 'one-direct.test', {}), '127.0.0.1');
  });
  await withServer({ proxyHops: 2 }, async (server) => {
    t.is(await auditedAddress(server, 'two.test', spoofed), '203.0.113.9');
  });
});

test('behind one proxy, sign-ins with spoofed X-Forwarded-For across accounts are throttled by the proxy-seen address', async (t) => {
  await withServer({ proxyHops: 1 }, async (server) => {
    const statuses: number[] = [];
    for (let i = 0; i < 30 && !statuses.includes(429); i++) {
      const browser = new Browser(server.url, { 'x-forwarded-for': `10.${i}.0.1, 198.51.100.7` });
      statuses.push((await browser.submit('/login', { username: `user${i}@example.com`, password: 'wrong-password' })).status);
    }
    t.true(statuses.includes(429), `answers: ${statuses.join(' ')}`);
    t.true(statuses.slice(0, -1).every((status) => status === 401));
    // Another client behind the same proxy is not held back.
    const other = new Browser(server.url, { 'x-forwarded-for': '198.51.100.7, 198.51.100.8' });
    t.is((await other.submit('/login', { username: 'someone@example.com', password: 'wrong-password' })).status, 401);
  });
});

test('HSTS: over HTTPS as a trusted proxy says, or always with COOKIE_SECURE=true; never from an untrusted header', async (t) => {
  const hsts = async (server: TestServer, headers: Record<string, string>) => (await new Browser(server.url, headers).get('/login')).headers.get('strict-transport-security');
  await withServer({ proxyHops: 0 }, async (server) => {
    t.is(await hsts(server, { 'x-forwarded-proto': 'https' }), null);
    t.is(await hsts(server, {}), null);
  });
  await withServer({ proxyHops: 1 }, async (server) => {
    t.is(await hsts(server, { 'x-forwarded-proto': 'https' }), 'max-age=31536000');
    t.is(await hsts(server, { 'x-forwarded-proto': 'http' }), null);
    // The client wrote "https", the proxy appended what it saw: plain HTTP.
    t.is(await hsts(server, { 'x-forwarded-proto': 'https, http' }), null);
    const admin = await new Browser(server.url, { 'x-forwarded-proto': 'https' }).get('/admin/login');
    t.is(admin.headers.get('strict-transport-security'), 'max-age=31536000');
  });
  await withServer({ cookieSecure: true }, async (server) => {
    t.is(await hsts(server, {}), 'max-age=31536000');
  });
});
