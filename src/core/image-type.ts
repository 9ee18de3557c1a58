/** Image formats a branding upload may be: PNG, JPEG, WebP, and ICO for the favicon only. */
export type ImageKind = 'png' | 'jpeg' | 'webp' | 'ico';

/** Content type and file extension of each accepted format. */
export const IMAGE_KINDS: Readonly<Record<ImageKind, { contentType: string; ext: string }>> = Object.freeze({
  png: { contentType: 'image/png', ext: 'png' },
  jpeg: { contentType: 'image/jpeg', ext: 'jpg' },
  webp: { contentType: 'image/webp', ext: 'webp' },
  ico: { contentType: 'image/x-icon', ext: 'ico' },
});

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ICO = [0x00, 0x00, 0x01, 0x00];
const RIFF = [0x52, 0x49, 0x46, 0x46];
const WEBP = [0x57, 0x45, 0x42, 0x50];

function startsWith(bytes: Uint8Array, signature: number[], at = 0): boolean {
  return bytes.length >= at + signature.length && signature.every((byte, i) => bytes[at + i] === byte);
}

/** The format of `bytes` judged by their content (never by a file name), or null when it is none of ours. */
export function sniffImage(bytes: Uint8Array): ImageKind | null {
  if (startsWith(bytes, PNG)) return 'png';
  if (startsWith(bytes, JPEG)) return 'jpeg';
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) return 'webp';
  // An icon directory names at least one image; the count is a little-endian 16-bit number.
  if (startsWith(bytes, ICO) && bytes.length >= 6 && (bytes[4] | (bytes[5] << 8)) > 0) return 'ico';
  return null;
}

/** The kind of image for a content type we serve, or null. */
export function kindOfContentType(contentType: string): ImageKind | null {
  const found = (Object.keys(IMAGE_KINDS) as ImageKind[]).find((kind) => IMAGE_KINDS[kind].contentType === contentType);
  return found ?? null;
}

/** Outcome of checking an upload: its format, or the words saying why it is refused. */
export type ImageCheck = { ok: true; kind: ImageKind } | { ok: false; message: string };

/**
 * Accepts `bytes` as a branding image when their content is PNG, JPEG or WebP (or ICO when
 * `allowIcon`) and they are at most `maxBytes` long; SVG, GIF, HTML and anything else are refused.
 */
export function checkImage(bytes: Uint8Array, maxBytes: number, allowIcon: boolean): ImageCheck {
  if (bytes.length === 0) return { ok: false, message: 'The file is empty.' };
  if (bytes.length > maxBytes) return { ok: false, message: `The file is larger than ${Math.floor(maxBytes / 1024)} KB.` };
  const kind = sniffImage(bytes);
  const accepted = allowIcon ? 'PNG, JPEG, WebP or ICO' : 'PNG, JPEG or WebP';
  if (kind === null || (kind === 'ico' && !allowIcon)) {
    return { ok: false, message: `The file is not a ${accepted} image (SVG and other formats are not accepted).` };
  }
  return { ok: true, kind };
}
