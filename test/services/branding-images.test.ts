import test from 'ava';
import sharp from 'sharp';
import { readIcon } from '../../src/core/icon-file.js';
import { cleanImage, type ImageLimits } from '../../src/services/branding-images.js';
import { iconOf, pngClaiming, solidPng } from '../web/branding/fixtures.js';

const LIMITS: ImageLimits = { bytes: 256 * 1024, pixels: 2048 * 2048, storedBytes: 1024 * 1024 };
const HTML = Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>');

async function pixelsOf(bytes: Buffer): Promise<Buffer> {
  return sharp(bytes).ensureAlpha().raw().toBuffer();
}

test('a PNG followed by HTML is stored as the image alone, same pixels, no HTML', async (t) => {
  const png = solidPng([200, 10, 10]);
  const cleaned = await cleanImage(Buffer.concat([png, HTML]), LIMITS, false);
  if (!cleaned.ok) return t.fail(cleaned.message);
  t.is(cleaned.kind, 'png');
  t.false(cleaned.bytes.includes('<script'));
  t.deepEqual(await pixelsOf(cleaned.bytes), await pixelsOf(png));
});

test('JPEG and WebP are re-encoded in their own format; script in a JPEG comment is dropped', async (t) => {
  const base = sharp(solidPng([0, 90, 200], 16));
  const jpeg = await base.clone().jpeg().toBuffer();
  // A COM segment right after SOI, where a polyglot would hide its script.
  const withComment = Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xfe, 0, HTML.length + 2]), HTML, jpeg.subarray(2)]);
  const cleanedJpeg = await cleanImage(withComment, LIMITS, false);
  t.true(cleanedJpeg.ok && cleanedJpeg.kind === 'jpeg' && !cleanedJpeg.bytes.includes('<script'));
  const cleanedWebp = await cleanImage(await base.clone().webp().toBuffer(), LIMITS, false);
  t.true(cleanedWebp.ok && cleanedWebp.kind === 'webp');
  t.is((await sharp(cleanedWebp.ok ? cleanedWebp.bytes : Buffer.alloc(0)).metadata()).format, 'webp');
});

const refusals: [string, () => Buffer, RegExp][] = [
  ['a PNG signature followed by HTML', () => Buffer.concat([solidPng([1, 1, 1]).subarray(0, 8), HTML]), /could not be read as a PNG image/],
  ['a header of 30,000 × 30,000 pixels', () => pngClaiming(30_000, 30_000), /30000 × 30000 pixels; at most 4,194,304 pixels \(for example 2048 × 2048\)/],
  ['a header one pixel over the limit', () => pngClaiming(2049, 2048), /2049 × 2048 pixels/],
  ['a truncated PNG', () => solidPng([1, 1, 1], 64).subarray(0, 60), /could not be read as a PNG image/],
  ['a JPEG signature followed by script', () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), HTML]), /could not be read as a JPEG image/],
  ['HTML', () => HTML, /not a PNG, JPEG or WebP image/],
];
for (const [name, bytes, message] of refusals) {
  test(`refused: ${name}`, async (t) => {
    const cleaned = await cleanImage(bytes(), LIMITS, false);
    t.false(cleaned.ok);
    t.regex(cleaned.ok ? '' : cleaned.message, message);
  });
}

test('an icon is written again from its images: its PNG re-encoded, bytes after it dropped', async (t) => {
  const png = solidPng([0, 0, 200]);
  const cleaned = await cleanImage(Buffer.concat([iconOf(Buffer.concat([png, HTML])), HTML]), LIMITS, true);
  if (!cleaned.ok) return t.fail(cleaned.message);
  t.is(cleaned.kind, 'ico');
  t.false(cleaned.bytes.includes('<script'));
  const read = readIcon(cleaned.bytes);
  t.true(read.ok && read.images.length === 1 && read.images[0].kind === 'png');
  t.deepEqual(await pixelsOf(Buffer.from(read.ok ? read.images[0].bytes : [])), await pixelsOf(png));
});

test('an icon is refused as a logo, and an icon holding a huge or broken PNG is refused', async (t) => {
  const asLogo = await cleanImage(iconOf(solidPng([1, 1, 1])), LIMITS, false);
  t.regex(asLogo.ok ? '' : asLogo.message, /not a PNG, JPEG or WebP image/);
  const huge = await cleanImage(iconOf(pngClaiming(30_000, 30_000)), LIMITS, true);
  t.regex(huge.ok ? '' : huge.message, /30000 × 30000 pixels/);
  const broken = await cleanImage(iconOf(Buffer.concat([solidPng([1, 1, 1]).subarray(0, 8), HTML])), LIMITS, true);
  t.regex(broken.ok ? '' : broken.message, /could not be read as a PNG image/);
});

test('an image that grows past the stored limit once re-encoded is refused', async (t) => {
  const cleaned = await cleanImage(solidPng([5, 5, 5], 64), { ...LIMITS, storedBytes: 10 }, false);
  t.regex(cleaned.ok ? '' : cleaned.message, /Once cleaned, the image takes more than 0 KB/);
});
