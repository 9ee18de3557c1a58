/** Longest line the CLI reads, in bytes (without its line ending). */
export const MAX_LINE_BYTES = 4096;

/** What a transport gets out of the bytes it received. */
export type LineEvent = { kind: 'line'; text: string } | { kind: 'tooLong' } | { kind: 'notUtf8' };

const NEWLINE = 0x0a;
const CR = 0x0d;

/**
 * Cuts a byte stream into lines ending in LF or CRLF, each decoded as strict UTF-8. A line longer
 * than the limit is reported once, as soon as it is too long, and skipped up to its end.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  private skipping = false;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  /** A splitter refusing lines longer than `maxBytes`. */
  constructor(private readonly maxBytes = MAX_LINE_BYTES) {}

  /** Feeds received bytes; answers the complete lines (and problems) they finish. */
  push(chunk: Buffer): LineEvent[] {
    const events: LineEvent[] = [];
    let start = 0;
    while (start < chunk.length) {
      const end = chunk.indexOf(NEWLINE, start);
      const piece = chunk.subarray(start, end === -1 ? chunk.length : end);
      this.take(piece, events);
      if (end === -1) break;
      this.finish(events);
      start = end + 1;
    }
    return events;
  }

  /** The stream ended: answers the last line when it had no line ending. */
  end(): LineEvent[] {
    const events: LineEvent[] = [];
    if (this.size > 0) this.finish(events);
    this.skipping = false;
    return events;
  }

  private take(piece: Buffer, events: LineEvent[]): void {
    if (this.skipping || piece.length === 0) return;
    // One byte more than the limit is kept for a CR; finish() drops it or refuses the line.
    if (this.size + piece.length > this.maxBytes + 1) {
      events.push({ kind: 'tooLong' });
      this.parts = [];
      this.size = 0;
      this.skipping = true;
      return;
    }
    this.parts.push(piece);
    this.size += piece.length;
  }

  private finish(events: LineEvent[]): void {
    if (this.skipping) {
      this.skipping = false;
      return;
    }
    let bytes = Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
    if (bytes.length > this.maxBytes) {
      events.push({ kind: 'tooLong' });
      return;
    }
    try {
      events.push({ kind: 'line', text: this.decoder.decode(bytes) });
    } catch {
      events.push({ kind: 'notUtf8' });
    }
  }
}
