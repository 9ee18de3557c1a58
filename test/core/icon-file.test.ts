import test from 'ava';
import { readIcon, writeIcon, type IconPart } from '../../src/core/icon-file.js';

/** A plain bitmap as icons hold it: a 40-byte header, the palette, the pixels and the 1-bit mask. */
function bitmap(width: number, height: number, bitCount: number, options: { mask?: boolean; compression?: number; headerSize?: number } = {}): Buffer {
  const row = (bits: number) => Math.floor((width * bits + 31) / 32) * 4;
  const palette = bitCount <= 8 ? 2 ** bitCount : 0;
  const header = Buffer.alloc(40);
  header.writeUInt32LE(options.headerSize ?? 40, 0);
  header.writeInt32LE(width, 4);
  header.writeInt32LE(height * 2, 8);
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(bitCount, 14);
  header.writeUInt32LE(options.compression ?? 0, 16);
  const mask = options.mask === false ? 0 : row(1) * height;
  return Buffer.concat([header, Buffer.alloc(palette * 4 + row(bitCount) * height + mask, 0x5a)]);
}

const PNG_START = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

/** An icon file with a directory naming each image where it is, plus `trailer` after them. */
function icon(images: Buffer[], trailer = Buffer.alloc(0), offsetShift = 0): Buffer {
  const parts: IconPart[] = images.map((bytes) => ({ width: 16, height: 16, bitCount: 32, bytes }));
  const file = writeIcon(parts);
  if (offsetShift) file.writeUInt32LE(file.readUInt32LE(6 + 12) + offsetShift, 6 + 12);
  return Buffer.concat([file, trailer]);
}

const accepted: [string, Buffer, string[]][] = [
  ['one 32-bit bitmap with its mask', icon([bitmap(16, 16, 32)]), ['bmp 16×16 32']],
  ['a 32-bit bitmap without the mask', icon([bitmap(32, 32, 32, { mask: false })]), ['bmp 32×32 32']],
  ['an 8-bit bitmap with a palette and a 4-bit one', icon([bitmap(16, 16, 8), bitmap(48, 48, 4)]), ['bmp 16×16 8', 'bmp 48×48 4']],
  ['an embedded PNG beside a bitmap', icon([PNG_START, bitmap(16, 16, 1)]), ['png', 'bmp 16×16 1']],
];
for (const [name, bytes, expected] of accepted) {
  test(`readIcon accepts ${name}`, (t) => {
    const read = readIcon(bytes);
    if (!read.ok) return t.fail(read.message);
    t.deepEqual(
      read.images.map((image) => (image.kind === 'png' ? 'png' : `bmp ${image.width}×${image.height} ${image.bitCount}`)),
      expected,
    );
  });
}

const refused: [string, Buffer][] = [
  ['too short', Buffer.from([0, 0, 1, 0])],
  ['a cursor (type 2)', Buffer.from([0, 0, 2, 0, 1, 0])],
  ['no image', Buffer.from([0, 0, 1, 0, 0, 0])],
  ['a directory longer than the file', Buffer.from([0, 0, 1, 0, 1, 0, 16, 16, 0, 0])],
  ['an image past the end', icon([bitmap(16, 16, 32)]).subarray(0, 200)],
  ['an image inside the directory', icon([bitmap(16, 16, 32)], Buffer.alloc(0), -10)],
  ['a bitmap followed by HTML inside its own range', icon([Buffer.concat([bitmap(16, 16, 32), Buffer.from('<script>alert(1)</script>')])])],
  ['a compressed bitmap', icon([bitmap(16, 16, 32, { compression: 3 })])],
  ['a bitmap with a longer header', icon([bitmap(16, 16, 32, { headerSize: 124 })])],
  ['a 16-bit bitmap', icon([bitmap(16, 16, 16)])],
  ['a bitmap wider than 256', icon([bitmap(300, 16, 32)])],
  ['HTML where the image should be', icon([Buffer.from('<html><script>alert(1)</script></html>'.padEnd(200, ' '))])],
];
for (const [name, bytes] of refused) {
  test(`readIcon refuses ${name}`, (t) => {
    const read = readIcon(bytes);
    t.false(read.ok);
    t.true(!read.ok && /damaged/.test(read.message));
  });
}

test('overlapping images are refused', (t) => {
  const file = icon([bitmap(16, 16, 32), bitmap(16, 16, 32)]);
  file.writeUInt32LE(file.readUInt32LE(6 + 12), 6 + 16 + 12);
  t.false(readIcon(file).ok);
});

test('writeIcon writes a directory and the images only: bytes after the images are gone', (t) => {
  const read = readIcon(icon([bitmap(16, 16, 32), bitmap(256, 256, 8, { mask: true })], Buffer.from('<html>trailer</html>')));
  if (!read.ok) return t.fail(read.message);
  const written = writeIcon(read.images.map((image) => (image.kind === 'bmp' ? image : { width: 1, height: 1, bitCount: 32, bytes: image.bytes })));
  t.false(written.includes('<html>'));
  t.is(written.readUInt8(6 + 16), 0, 'a side of 256 is written as 0');
  t.is(written.length, 6 + 32 + read.images.reduce((sum, image) => sum + image.bytes.length, 0));
  t.true(readIcon(written).ok);
});
