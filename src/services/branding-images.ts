import sharp, { type Metadata } from 'sharp';
import { readIcon, writeIcon, type IconPart } from '../core/icon-file.js';
import { checkImage, type ImageKind } from '../core/image-type.js';

/** Limits of one branding image: bytes uploaded, pixels decoded, and bytes kept once re-encoded. */
export interface ImageLimits {
  bytes: number;
  pixels: number;
  storedBytes: number;
}

/** A cleaned image: its format and the re-encoded bytes to store, or the words saying why it is refused. */
export type CleanedImage = { ok: true; kind: ImageKind; bytes: Buffer } | { ok: false; message: string };

type Encoded = { ok: true; bytes: Buffer; width: number; height: number } | { ok: false; message: string };

/** The largest side of an image inside an icon, in pixels. */
const ICON_SIDE = 256;

const NAMES: Record<Exclude<ImageKind, 'ico'>, string> = { png: 'PNG', jpeg: 'JPEG', webp: 'WebP' };

function pixelsText(pixels: number): string {
  const side = Math.floor(Math.sqrt(pixels));
  return `${pixels.toLocaleString('en')} pixels (for example ${side} × ${side})`;
}

/**
 * Decodes `bytes` as `kind` and encodes the pixels again, so only the image survives: bytes after
 * the image (a PNG followed by HTML), metadata and comments are dropped. The size in the header
 * is checked before anything is decoded, so a 30,000 × 30,000 header costs nothing.
 */
async function reencode(bytes: Buffer, kind: Exclude<ImageKind, 'ico'>, maxPixels: number): Promise<Encoded> {
  const unreadable: Encoded = { ok: false, message: `The file could not be read as a ${NAMES[kind]} image.` };
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    return unreadable;
  }
  if (meta.format !== kind || !meta.width || !meta.height) return unreadable;
  if (meta.width * meta.height > maxPixels) {
    return { ok: false, message: `The image is ${meta.width} × ${meta.height} pixels; at most ${pixelsText(maxPixels)} are accepted.` };
  }
  try {
    // rotate() applies the camera's orientation before that metadata is dropped.
    const image = sharp(bytes, { limitInputPixels: maxPixels }).rotate();
    const encoder = kind === 'png' ? image.png() : kind === 'jpeg' ? image.jpeg({ quality: 90 }) : image.webp({ quality: 90 });
    const { data, info } = await encoder.toBuffer({ resolveWithObject: true });
    return { ok: true, bytes: data, width: info.width, height: info.height };
  } catch {
    return unreadable;
  }
}

/** An icon written again: each embedded PNG re-encoded, each bitmap kept only when exactly as its header says. */
async function cleanIcon(bytes: Buffer): Promise<CleanedImage> {
  const read = readIcon(bytes);
  if (!read.ok) return read;
  const parts: IconPart[] = [];
  for (const image of read.images) {
    if (image.kind === 'bmp') {
      parts.push(image);
      continue;
    }
    const png = await reencode(Buffer.from(image.bytes), 'png', ICON_SIDE * ICON_SIDE);
    if (!png.ok) return png;
    if (png.width > ICON_SIDE || png.height > ICON_SIDE) return { ok: false, message: `An image inside an icon can be at most ${ICON_SIDE} × ${ICON_SIDE} pixels.` };
    parts.push({ width: png.width, height: png.height, bitCount: 32, bytes: png.bytes });
  }
  return { ok: true, kind: 'ico', bytes: writeIcon(parts) };
}

/**
 * Checks an upload by its content (PNG, JPEG, WebP, and ICO when `allowIcon`) and answers the
 * bytes to store: the image decoded and encoded again within `limits`, never the bytes as sent.
 */
export async function cleanImage(upload: Buffer, limits: ImageLimits, allowIcon: boolean): Promise<CleanedImage> {
  const checked = checkImage(upload, limits.bytes, allowIcon);
  if (!checked.ok) return checked;
  let cleaned: CleanedImage;
  if (checked.kind === 'ico') cleaned = await cleanIcon(upload);
  else {
    const encoded = await reencode(upload, checked.kind, limits.pixels);
    cleaned = encoded.ok ? { ok: true, kind: checked.kind, bytes: encoded.bytes } : encoded;
  }
  if (cleaned.ok && cleaned.bytes.length > limits.storedBytes) {
    return { ok: false, message: `Once cleaned, the image takes more than ${Math.floor(limits.storedBytes / 1024)} KB. Save it with fewer pixels or colours.` };
  }
  return cleaned;
}
