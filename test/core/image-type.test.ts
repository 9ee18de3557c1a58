import test from 'ava';
import { checkImage, IMAGE_KINDS, kindOfContentType, sniffImage, type ImageKind } from '../../src/core/image-type.js';

const bytes = (...values: (number | string)[]): Uint8Array =>
  Uint8Array.from(values.flatMap((v) => (typeof v === 'string' ? [...Buffer.from(v, 'latin1')] : [v])));

const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'IHDR');
const JPEG = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16, 'JFIF');
const WEBP = bytes('RIFF', 0x24, 0, 0, 0, 'WEBPVP8 ');
const ICO = bytes(0, 0, 1, 0, 1, 0, 16, 16);

const sniffs: [string, Uint8Array, ImageKind | null][] = [
  ['PNG', PNG, 'png'],
  ['JPEG', JPEG, 'jpeg'],
  ['WebP', WEBP, 'webp'],
  ['ICO', ICO, 'ico'],
  ['ICO with no image', bytes(0, 0, 1, 0, 0, 0), null],
  ['RIFF that is not WebP (WAVE)', bytes('RIFF', 0x24, 0, 0, 0, 'WAVEfmt '), null],
  ['SVG', bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), null],
  ['SVG with an XML prolog', bytes('<?xml version="1.0"?><svg/>'), null],
  ['HTML', bytes('<!doctype html><script>alert(1)</script>'), null],
  ['GIF', bytes('GIF89a', 1, 0, 1, 0), null],
  ['script', bytes('alert(1)'), null],
  ['a truncated PNG signature', bytes(0x89, 0x50, 0x4e, 0x47), null],
  ['empty', bytes(), null],
];
for (const [name, content, kind] of sniffs) {
  test(`sniffImage: ${name} → ${kind}`, (t) => t.is(sniffImage(content), kind));
}

const checks: [string, Uint8Array, number, boolean, RegExp | ImageKind][] = [
  ['a PNG logo', PNG, 1024, false, 'png'],
  ['a JPEG logo', JPEG, 1024, false, 'jpeg'],
  ['a WebP logo', WEBP, 1024, false, 'webp'],
  ['an ICO favicon', ICO, 1024, true, 'ico'],
  ['an ICO as a logo', ICO, 1024, false, /not a PNG, JPEG or WebP image/],
  ['an SVG renamed .png', bytes('<svg onload="alert(1)"/>'), 1024, false, /SVG and other formats are not accepted/],
  ['an SVG as a favicon', bytes('<svg/>'), 1024, true, /not a PNG, JPEG, WebP or ICO image/],
  ['a file one byte too large', PNG, PNG.length - 1, false, /larger than/],
  ['an empty file', bytes(), 1024, false, /empty/],
];
for (const [name, content, max, allowIcon, expected] of checks) {
  test(`checkImage: ${name}`, (t) => {
    const result = checkImage(content, max, allowIcon);
    if (typeof expected === 'string') t.deepEqual(result, { ok: true, kind: expected });
    else t.true(!result.ok && expected.test(result.message));
  });
}

test('the size limit is said in KB', (t) => {
  const result = checkImage(new Uint8Array(300 * 1024).fill(0x89), 256 * 1024, false);
  t.deepEqual(result, { ok: false, message: 'The file is larger than 256 KB.' });
});

test('content types map back to kinds, and only ours', (t) => {
  for (const kind of Object.keys(IMAGE_KINDS) as ImageKind[]) t.is(kindOfContentType(IMAGE_KINDS[kind].contentType), kind);
  t.is(kindOfContentType('image/svg+xml'), null);
  t.is(kindOfContentType('text/html'), null);
});
