import test from 'ava';
import { MultipartError, parseMultipart, type MultipartLimits } from '../../../src/web/multipart.js';

const LIMITS: MultipartLimits = { totalBytes: 10_000, fileBytes: 100, fields: 5, fieldChars: 20 };

function body(...parts: string[]): Buffer {
  return Buffer.from(parts.map((part) => `--b0undary\r\n${part}\r\n`).join('') + '--b0undary--\r\n', 'latin1');
}

test('fields, files, repeated names and empty file inputs', (t) => {
  const parsed = parseMultipart(
    body(
      'Content-Disposition: form-data; name="name"\r\n\r\nAcme Mail',
      'content-disposition: form-data; name="tag"\r\n\r\none',
      'Content-Disposition: form-data; name="tag"\r\n\r\ntwo',
      'Content-Disposition: form-data; name="logo"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n--not-a-boundary',
      'Content-Disposition: form-data; name="favicon"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n',
    ),
    'b0undary',
    LIMITS,
  );
  t.is(parsed.fields.name, 'Acme Mail');
  t.deepEqual(parsed.fields.tag, ['one', 'two']);
  t.deepEqual(parsed.files.logo.bytes, Buffer.from('\x89PNG\r\n--not-a-boundary', 'latin1'));
  t.false(parsed.files.logo.tooLarge);
  t.false('favicon' in parsed.files, 'an empty file input is no file');
});

test('a file over the per-file limit is flagged and dropped; text too long or not UTF-8 is unreadable (null)', (t) => {
  const parsed = parseMultipart(
    body(
      `Content-Disposition: form-data; name="logo"; filename="big.png"\r\n\r\n${'x'.repeat(101)}`,
      `Content-Disposition: form-data; name="long"\r\n\r\n${'y'.repeat(21)}`,
      'Content-Disposition: form-data; name="bytes"\r\n\r\n\xff\xfe',
    ),
    'b0undary',
    LIMITS,
  );
  t.true(parsed.files.logo.tooLarge);
  t.is(parsed.files.logo.bytes.length, 0);
  t.is(parsed.fields.long, null);
  t.is(parsed.fields.bytes, null);
});

const refusals: [string, Buffer, MultipartError['status']][] = [
  ['no boundary at all', Buffer.from('hello'), 400],
  ['no closing boundary', Buffer.from('--b0undary\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue'), 400],
  ['a part without headers', body('just text'), 400],
  ['a part that is not form-data', body('Content-Disposition: attachment; name="a"\r\n\r\nx'), 400],
  ['a part without a name', body('Content-Disposition: form-data\r\n\r\nx'), 400],
  ['too many fields', body(...Array.from({ length: 6 }, (_, i) => `Content-Disposition: form-data; name="f${i}"\r\n\r\nx`)), 413],
];
for (const [name, content, status] of refusals) {
  test(`refused: ${name} (${status})`, (t) => {
    const error = t.throws(() => parseMultipart(content, 'b0undary', LIMITS), { instanceOf: MultipartError });
    t.is(error?.status, status);
  });
}
