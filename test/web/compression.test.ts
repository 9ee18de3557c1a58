import http from 'node:http';
import zlib from 'node:zlib';
import test from 'ava';
import * as cheerio from 'cheerio';
import { chooseEncoding, type Encoding } from '../../src/web/compression.js';
import { SplicedGzip } from '../../src/web/spliced-gzip.js';
import { startTestServer, type TestServer } from '../helpers/http.js';
import { signedInAdmin } from './admin/helpers.js';

let server: TestServer;
test.before(async () => {
  server = await startTestServer();
});
test.after.always(() => server.close());

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A request whose body is read as sent, without decoding. */
function raw(path: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const request = http.request(server.url + path, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

function decode(answer: Raw): string {
  const coding = answer.headers['content-encoding'];
  const body = coding === 'br' ? zlib.brotliDecompressSync(answer.body) : coding === 'gzip' ? zlib.gunzipSync(answer.body) : answer.body;
  return body.toString('utf8');
}

const CHOICES: [string | undefined, Encoding][] = [
  [undefined, 'identity'],
  ['', 'identity'],
  ['gzip, deflate, br, zstd', 'br'],
  ['gzip', 'gzip'],
  ['br;q=0, gzip', 'gzip'],
  ['BR;Q=0.5', 'br'],
  ['*', 'br'],
  ['*;q=0, gzip;q=0.1', 'gzip'],
  ['identity', 'identity'],
  ['gzip;q=0, br;q=0', 'identity'],
  ['deflate', 'identity'],
];
for (const [header, expected] of CHOICES) {
  test(`Accept-Encoding ${JSON.stringify(header)} is answered with ${expected}`, (t) => {
    t.is(chooseEncoding(header), expected);
  });
}

test('the stylesheet is sent brotli-compressed, else gzip-compressed, from bytes compressed once at start', async (t) => {
  const plain = await raw('/static/styles.css');
  t.is(plain.headers['content-encoding'], undefined);
  const calls = { br: 0, gzip: 0 };
  const { brotliCompressSync, gzipSync } = zlib;
  zlib.brotliCompressSync = ((...args: Parameters<typeof brotliCompressSync>) => (calls.br++, brotliCompressSync(...args))) as typeof brotliCompressSync;
  zlib.gzipSync = ((...args: Parameters<typeof gzipSync>) => (calls.gzip++, gzipSync(...args))) as typeof gzipSync;
  try {
    const answers = [await raw('/static/styles.css', { 'accept-encoding': 'gzip, deflate, br' }), await raw('/static/styles.css', { 'accept-encoding': 'gzip, deflate, br' })];
    const gzip = await raw('/static/styles.css', { 'accept-encoding': 'gzip' });
    t.deepEqual(calls, { br: 0, gzip: 0 }, 'nothing is compressed per request');
    for (const answer of answers) {
      t.is(answer.headers['content-encoding'], 'br');
      t.is(decode(answer), plain.body.toString('utf8'));
      t.true(answer.body.length < plain.body.length / 2);
    }
    t.is(gzip.headers['content-encoding'], 'gzip');
    t.is(decode(gzip), plain.body.toString('utf8'));
    t.regex(String(answers[0].headers.vary), /Accept-Encoding/i);
    t.not(answers[0].headers.etag, plain.headers.etag, 'each coding has its own tag');
    t.is((await raw('/static/styles.css', { 'accept-encoding': 'br', 'if-none-match': String(answers[0].headers.etag) })).status, 304);
  } finally {
    zlib.brotliCompressSync = brotliCompressSync;
    zlib.gzipSync = gzipSync;
  }
});

test('the login page is sent gzip-compressed with a token of its own that signs in', async (t) => {
  const first = await raw('/login', { 'accept-encoding': 'gzip, deflate, br' });
  const second = await raw('/login', { 'accept-encoding': 'gzip, deflate, br' });
  t.is(first.headers['content-encoding'], 'gzip');
  t.regex(String(first.headers.vary), /Accept-Encoding/i);
  const tokens = [first, second].map((answer) => cheerio.load(decode(answer))('input[name=_csrf]').attr('value'));
  t.truthy(tokens[0]);
  t.not(tokens[0], tokens[1]);
  t.is(cheerio.load(decode(first))('h1').text(), 'Sign in');
  const plain = await raw('/login');
  t.is(plain.headers['content-encoding'], undefined);
  t.is(decode(first).replace(tokens[0]!, ''), plain.body.toString('utf8').replace(cheerio.load(plain.body.toString('utf8'))('input[name=_csrf]').attr('value')!, ''));
  // The token works: a wrong password is refused as a wrong password (401), not as a forged form (403).
  const cookie = String(first.headers['set-cookie']).split(';')[0];
  const posted = await raw('/login', { cookie, 'content-type': 'application/x-www-form-urlencoded' }, 'POST', new URLSearchParams({ _csrf: tokens[0]!, username: 'nobody@example.com', password: 'wrong' }).toString());
  t.is(posted.status, 401);
});

test('other pages of 1 KB and more are sent brotli-compressed; smaller answers as they are', async (t) => {
  const admin = await signedInAdmin(server);
  const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const home = await raw('/admin/me', { cookie, 'accept-encoding': 'gzip, br' });
  t.is(home.status, 200);
  t.true(Buffer.byteLength(decode(home)) >= 1024);
  t.is(home.headers['content-encoding'], 'br');
  t.regex(decode(home), /<\/html>/);
  const missing = await raw('/no-such-page', { 'accept-encoding': 'br, gzip' });
  t.is(missing.status, 404);
  t.true(Buffer.byteLength(decode(missing)) < 1024);
  t.is(missing.headers['content-encoding'], undefined);
  t.regex(decode(missing), /Page not found/);
});

const SPLICES: [string, string][] = [
  ['<p>a SLOT b</p>', 'token'],
  ['SLOT at the start, at the end SLOT', 'token'],
  ['SLOTSLOT', 'x'],
  ['no slot at all', 'token'],
  ['', 'token'],
  ['empty value: SLOT.', ''],
  ['long '.repeat(5000) + 'SLOT' + ' tail'.repeat(5000), 'é-token-ü'],
];
for (const [text, value] of SPLICES) {
  test(`a spliced gzip body decodes to its text with the value in place (${text.length} characters)`, (t) => {
    const body = new SplicedGzip(text, 'SLOT').with(value);
    t.is(zlib.gunzipSync(body).toString('utf8'), text.replaceAll('SLOT', value));
  });
}
