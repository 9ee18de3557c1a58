import zlib from 'node:zlib';

// A gzip member's fixed header: magic, deflate, no flags, no time, no extra flags, unknown system.
const HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** Longest text a single stored deflate block holds. */
const STORED_MAX = 0xffff;

function storedBlock(text: Buffer): Buffer {
  if (text.length > STORED_MAX) throw new RangeError('spliced text longer than one stored block');
  // BFINAL 0, BTYPE 00 at a byte boundary, then LEN and its complement, little-endian.
  const head = Buffer.from([0, text.length & 0xff, text.length >> 8, ~text.length & 0xff, (~text.length >> 8) & 0xff]);
  return Buffer.concat([head, text]);
}

/**
 * A gzip body for a text that is fixed but for one value repeated in it (a page's CSRF token): the
 * fixed pieces are compressed once, at the best setting, each ending byte-aligned (a sync flush),
 * and each request's value goes between them as a stored block, so a request costs a CRC, not a
 * compression. Every piece refers only to its own bytes, which deflate allows after any history.
 */
export class SplicedGzip {
  private readonly pieces: Buffer[];
  private readonly compressed: Buffer[];

  /** `text` with every `slot` to be replaced by the value given to `with`. */
  constructor(text: string, slot: string) {
    this.pieces = text.split(slot).map((piece) => Buffer.from(piece));
    const last = this.pieces.length - 1;
    this.compressed = this.pieces.map((piece, i) =>
      zlib.deflateRawSync(piece, { level: zlib.constants.Z_BEST_COMPRESSION, finishFlush: i === last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH }),
    );
  }

  /** The gzip body of the text with `value` in every slot. */
  with(value: string): Buffer {
    const inserted = storedBlock(Buffer.from(value));
    const valueBytes = inserted.subarray(5);
    const parts: Buffer[] = [HEADER];
    let crc = 0;
    let size = 0;
    for (let i = 0; i < this.pieces.length; i++) {
      // zlib.crc32 of an empty buffer answers 0 whatever the starting value, so skip empty pieces.
      if (this.pieces[i].length > 0) crc = zlib.crc32(this.pieces[i], crc);
      size += this.pieces[i].length;
      parts.push(this.compressed[i]);
      if (i < this.pieces.length - 1) {
        if (valueBytes.length > 0) crc = zlib.crc32(valueBytes, crc);
        size += valueBytes.length;
        parts.push(inserted);
      }
    }
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(crc >>> 0, 0);
    trailer.writeUInt32LE(size >>> 0, 4);
    parts.push(trailer);
    return Buffer.concat(parts);
  }
}
