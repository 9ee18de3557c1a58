/**
 * Icon (.ico) files, read strictly and written again from their parts only. An icon holds images
 * that are either embedded PNGs or device-independent bitmaps (DIB); a bitmap is accepted only when
 * its header is plain (uncompressed, 1 to 32 bits per pixel) and its length is exactly what that
 * header implies, so nothing but pixels can hide in it.
 */

/** One image of an icon: an embedded PNG (to be re-encoded by the caller) or a checked bitmap. */
export type IconImage = { kind: 'png'; bytes: Uint8Array } | { kind: 'bmp'; bytes: Uint8Array; width: number; height: number; bitCount: number };

/** Outcome of reading an icon: its images, or the words saying why it is refused. */
export type IconRead = { ok: true; images: IconImage[] } | { ok: false; message: string };

/** An image as written into an icon: its size in pixels (1 to 256), bits per pixel and bytes. */
export interface IconPart {
  width: number;
  height: number;
  bitCount: number;
  bytes: Uint8Array;
}

/** Most images one icon may hold. */
export const MAX_ICON_IMAGES = 16;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const BITMAP_HEADER = 40;
const DEPTHS = new Set([1, 4, 8, 24, 32]);
const REFUSED = 'The icon file is damaged or uses a form that is not accepted. Save it again as ICO or PNG.';

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The length a bitmap must have, from its header; null when the header is not a plain one. */
function bitmapShape(dib: Uint8Array): { width: number; height: number; bitCount: number; lengths: number[] } | null {
  if (dib.length < BITMAP_HEADER) return null;
  const v = view(dib);
  const width = v.getInt32(4, true);
  const doubled = v.getInt32(8, true);
  const bitCount = v.getUint16(14, true);
  const colours = v.getUint32(32, true);
  if (v.getUint32(0, true) !== BITMAP_HEADER || v.getUint16(12, true) !== 1 || v.getUint32(16, true) !== 0) return null;
  if (width < 1 || width > 256 || doubled < 2 || doubled > 512 || doubled % 2 !== 0 || !DEPTHS.has(bitCount)) return null;
  const height = doubled / 2;
  const paletteMax = bitCount <= 8 ? 2 ** bitCount : 0;
  if (colours > Math.max(paletteMax, 256)) return null;
  const palette = bitCount <= 8 ? colours || paletteMax : colours;
  const row = (bits: number) => Math.floor((width * bits + 31) / 32) * 4;
  const withoutMask = BITMAP_HEADER + palette * 4 + row(bitCount) * height;
  const full = withoutMask + row(1) * height;
  // 32-bit images carry their own alpha; some writers leave the 1-bit mask out.
  return { width, height, bitCount, lengths: bitCount === 32 ? [full, withoutMask] : [full] };
}

function isPng(bytes: Uint8Array): boolean {
  return bytes.length > PNG_SIGNATURE.length && PNG_SIGNATURE.every((byte, i) => bytes[i] === byte);
}

/**
 * Reads the directory of an icon file and each image it names. Refuses a directory that points
 * outside the file or at overlapping ranges, and any bitmap that is not exactly its header's length.
 */
export function readIcon(bytes: Uint8Array): IconRead {
  if (bytes.length < 6) return { ok: false, message: REFUSED };
  const v = view(bytes);
  const count = v.getUint16(4, true);
  if (v.getUint16(0, true) !== 0 || v.getUint16(2, true) !== 1 || count < 1 || count > MAX_ICON_IMAGES) return { ok: false, message: REFUSED };
  const directoryEnd = 6 + 16 * count;
  if (bytes.length < directoryEnd) return { ok: false, message: REFUSED };
  const ranges: { start: number; end: number }[] = [];
  const images: IconImage[] = [];
  for (let i = 0; i < count; i++) {
    const size = v.getUint32(6 + 16 * i + 8, true);
    const start = v.getUint32(6 + 16 * i + 12, true);
    const end = start + size;
    if (size === 0 || start < directoryEnd || end > bytes.length) return { ok: false, message: REFUSED };
    ranges.push({ start, end });
    const data = bytes.subarray(start, end);
    if (isPng(data)) {
      images.push({ kind: 'png', bytes: data });
      continue;
    }
    const shape = bitmapShape(data);
    if (!shape || !shape.lengths.includes(size)) return { ok: false, message: REFUSED };
    images.push({ kind: 'bmp', bytes: data, width: shape.width, height: shape.height, bitCount: shape.bitCount });
  }
  ranges.sort((a, b) => a.start - b.start);
  if (ranges.some((range, i) => i > 0 && range.start < ranges[i - 1].end)) return { ok: false, message: REFUSED };
  return { ok: true, images };
}

/** Writes an icon file holding `parts` in order, with a fresh directory and nothing between or after them. */
export function writeIcon(parts: readonly IconPart[]): Buffer {
  const header = Buffer.alloc(6 + 16 * parts.length);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(parts.length, 4);
  let offset = header.length;
  parts.forEach((part, i) => {
    const at = 6 + 16 * i;
    // A side of 256 pixels is written as 0; the palette count is left 0 (taken from the image).
    header.writeUInt8(part.width % 256, at);
    header.writeUInt8(part.height % 256, at + 1);
    header.writeUInt16LE(1, at + 4);
    header.writeUInt16LE(part.bitCount, at + 6);
    header.writeUInt32LE(part.bytes.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += part.bytes.length;
  });
  return Buffer.concat([header, ...parts.map((part) => Buffer.from(part.bytes.buffer, part.bytes.byteOffset, part.bytes.byteLength))]);
}
