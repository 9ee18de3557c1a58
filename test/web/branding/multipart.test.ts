import http from 'node:http';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import { MultipartError, readMultipart, type FirstPart, type MultipartBody, type MultipartLimits } from '../../../src/web/multipart.js';

const LIMITS: MultipartLimits = { totalBytes: 10_000, fileBytes: 100, fields: 5, files: 2, fieldChars: 20 };
const TYPE = 'multipart/form-data; boundary=b0undary';

type Outcome = { first: FirstPart | null | MultipartError; body: MultipartBody | MultipartError };

// One server for the file: each request is read by readMultipart and its outcome handed back here.
let serverUrl = '';
const outcomes = new Map<string, (outcome: Outcome) => void>();
const server = http.createServer((req, res) => {
  const reader = readMultipart(req, req.headers['content-type'] ?? '', LIMITS);
  const settle = <T>(promise: Promise<T>) => promise.catch((err: unknown) => (err instanceof MultipartError ? err : Promise.reject(err)));
  void Promise.all([settle(reader.first), settle(reader.body)]).then(([first, body]) => {
    outcomes.get(req.headers['x-id'] as string)?.({ first, body });
    res.end('done');
  });
});
test.before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.after.always(() => server.close());

function body(...parts: string[]): Buffer {
  return Buffer.from(parts.map((part) => `--b0undary\r\n${part}\r\n`).join('') + '--b0undary--\r\n', 'latin1');
}

async function send(content: Buffer, contentType = TYPE): Promise<Outcome> {
  const id = Math.random().toString(36).slice(2);
  const outcome = new Promise<Outcome>((resolve) => outcomes.set(id, resolve));
  const response = await fetch(serverUrl, { method: 'POST', headers: { 'content-type': contentType, 'x-id': id }, body: content });
  await response.text();
  return outcome;
}

function parsed(outcome: Outcome): MultipartBody {
  if (outcome.body instanceof MultipartError) throw outcome.body;
  return outcome.body;
}

test('fields, files, repeated names and empty file inputs; the first part is reported on its own', async (t) => {
  const outcome = await send(
    body(
      'Content-Disposition: form-data; name="_csrf"\r\n\r\ntoken-value',
      'Content-Disposition: form-data; name="name"\r\n\r\nAcme Mail',
      'content-disposition: form-data; name="tag"\r\n\r\none',
      'Content-Disposition: form-data; name="tag"\r\n\r\ntwo',
      'Content-Disposition: form-data; name="logo"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n--not-a-boundary',
      'Content-Disposition: form-data; name="favicon"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n',
    ),
  );
  t.deepEqual(outcome.first, { name: '_csrf', value: 'token-value', file: false });
  const result = parsed(outcome);
  t.is(result.fields.name, 'Acme Mail');
  t.deepEqual(result.fields.tag, ['one', 'two']);
  t.deepEqual(result.files.logo.bytes, Buffer.from('\x89PNG\r\n--not-a-boundary', 'latin1'));
  t.is(result.files.logo.filename, 'a.png');
  t.false('favicon' in result.files, 'an empty file input is no file');
});

test('text too long or not UTF-8 is unreadable (null); UTF-8 text and a file of exactly the limit are kept', async (t) => {
  const result = parsed(
    await send(
      body(
        `Content-Disposition: form-data; name="long"\r\n\r\n${'y'.repeat(21)}`,
        'Content-Disposition: form-data; name="bytes"\r\n\r\n\xff\xfe',
        `Content-Disposition: form-data; name="accents"\r\n\r\n${Buffer.from('Café Zoë', 'utf8').toString('latin1')}`,
        `Content-Disposition: form-data; name="logo"; filename="full.png"\r\n\r\n${'x'.repeat(100)}`,
      ),
    ),
  );
  t.is(result.fields.long, null);
  t.is(result.fields.bytes, null);
  t.is(result.fields.accents, 'Café Zoë');
  t.is(result.files.logo.bytes.length, 100);
});

test('a file over its limit stops the reading with 413 naming the field and the limit, keeping what came before', async (t) => {
  const outcome = await send(
    body('Content-Disposition: form-data; name="name"\r\n\r\nTyped', `Content-Disposition: form-data; name="logo"; filename="big.png"\r\n\r\n${'x'.repeat(101)}`),
  );
  const error = outcome.body as MultipartError;
  t.true(error instanceof MultipartError);
  t.is(error.status, 413);
  t.is(error.details.field, 'logo');
  t.is(error.details.limitBytes, 100);
  t.regex(error.message, /logo is larger than allowed \(at most 0 KB\)/);
  t.is(error.details.partial?.fields.name, 'Typed');
});

const refusals: [string, Buffer, MultipartError['status'], RegExp][] = [
  ['no closing boundary', Buffer.from('--b0undary\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue'), 400, /could not be read/],
  ['a part without headers', body('just text'), 400, /could not be read/],
  ['a part without a name', body('Content-Disposition: form-data\r\n\r\nx'), 400, /could not be read/],
  ['too many fields', body(...Array.from({ length: 6 }, (_, i) => `Content-Disposition: form-data; name="f${i}"\r\n\r\nx`)), 413, /too many fields \(at most 5\)/],
  ['too many files', body(...Array.from({ length: 3 }, (_, i) => `Content-Disposition: form-data; name="f${i}"; filename="${i}.png"\r\n\r\nx`)), 413, /too many files \(at most 2\)/],
  ['more than the whole limit', body(...Array.from({ length: 4 }, (_, i) => `Content-Disposition: form-data; name="f${i}"\r\n\r\n${'z'.repeat(3000)}`)), 413, /at most 9 KB in all/],
];
for (const [name, content, status, message] of refusals) {
  test(`refused: ${name} (${status})`, async (t) => {
    const error = (await send(content)).body as MultipartError;
    t.true(error instanceof MultipartError);
    t.is(error.status, status);
    t.regex(error.message, message);
  });
}

test('a content type without a boundary is unreadable (400)', async (t) => {
  const error = (await send(body('Content-Disposition: form-data; name="a"\r\n\r\nx'), 'multipart/form-data; charset=utf-8')).body as MultipartError;
  t.is(error.status, 400);
});
