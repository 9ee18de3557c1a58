import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import type { Context } from 'koa';

/** Limits of one multipart/form-data body: whole body and each file in bytes, text fields, files, and text length in characters. */
export interface MultipartLimits {
  totalBytes: number;
  fileBytes: number;
  fields: number;
  files: number;
  fieldChars: number;
}

/** An uploaded, non-empty file. */
export interface UploadedFile {
  filename: string;
  bytes: Buffer;
}

/** A parsed body: text fields (an array when repeated, null when not UTF-8 or too long) and non-empty files. */
export interface MultipartBody {
  fields: Record<string, string | string[] | null>;
  /** The first non-empty file of each field name. */
  files: Record<string, UploadedFile>;
  /** Every non-empty file in the order sent, repeated names included (`<input type=file multiple>`). */
  uploads: (UploadedFile & { field: string })[];
}

/**
 * Why a body could not be read: 413 when it is too large, 400 when it is malformed, 415 when not
 * multipart. `field` names the part that passed `limitBytes`; `partial` holds what was read before.
 */
export class MultipartError extends Error {
  /** `status` is the HTTP status to answer with. */
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
    readonly details: { field?: string; limitBytes?: number; partial?: MultipartBody } = {},
  ) {
    super(message);
  }
}

/** The first part of a body, which carries the CSRF token: its name, and its text unless it is a file. */
export interface FirstPart {
  name: string;
  value: string | null;
  file: boolean;
}

/** A body being read: its first part as soon as it is complete, the whole body, and a way to stop reading. */
export interface MultipartReader {
  first: Promise<FirstPart | null>;
  body: Promise<MultipartBody>;
  /** Stops parsing; the rest of the request is read and thrown away so the client still gets an answer. */
  discard(): void;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const kb = (bytes: number) => Math.floor(bytes / 1024);

/** Whether a content type announces multipart/form-data. */
export function isMultipart(contentType: string): boolean {
  return /^multipart\/form-data\s*;/i.test(contentType);
}

function addField(fields: MultipartBody['fields'], name: string, value: string | null): void {
  const existing = fields[name];
  if (existing === undefined) fields[name] = value;
  else fields[name] = [...(Array.isArray(existing) ? existing : [existing ?? '']), value ?? ''];
}

/** Text decoded as strict UTF-8 from busboy's byte-for-byte (latin1) string; null when not UTF-8 or too long. */
function textOf(raw: string, truncated: boolean, maxChars: number): string | null {
  if (truncated) return null;
  let value: string;
  try {
    value = utf8.decode(Buffer.from(raw, 'latin1'));
  } catch {
    return null;
  }
  return value.length > maxChars ? null : value;
}

/**
 * Starts reading a multipart/form-data request as it streams in, within `limits`: a file past
 * `fileBytes`, a body past `totalBytes`, or more fields or files than allowed stop the reading
 * at once with a 413 (MultipartError). Nothing beyond the limits is ever kept in memory.
 */
export function readMultipart(req: IncomingMessage, contentType: string, limits: MultipartLimits): MultipartReader {
  const result: MultipartBody = { fields: Object.create(null), files: Object.create(null), uploads: [] };
  const first = settleable<FirstPart | null>();
  const body = settleable<MultipartBody>();
  let parser: busboy.Busboy | null = null;
  let settled = false;
  let total = 0;
  let current: string | undefined;
  let openFiles = 0;
  let parsed = false;

  const onData = (chunk: Buffer) => {
    total += chunk.length;
    if (total > limits.totalBytes) {
      fail(new MultipartError(413, `What you sent is larger than allowed (at most ${kb(limits.totalBytes)} KB in all).`, { field: current, limitBytes: limits.totalBytes }));
    } else if (parser && !parser.write(chunk)) {
      req.pause();
      parser.once('drain', () => req.resume());
    }
  };
  const onEnd = () => parser?.end();
  const onClose = () => {
    if (!req.complete) fail(new MultipartError(400, 'The form could not be read.'));
  };
  const stop = () => {
    req.off('data', onData).off('end', onEnd).off('close', onClose);
    const stopped = parser;
    parser = null;
    // Limits are reported from inside busboy's own callbacks: destroy it once they have returned.
    if (stopped) queueMicrotask(() => stopped.removeAllListeners().on('error', () => undefined).destroy());
    // The rest is read and thrown away, never kept, so the client still gets the answer.
    req.resume();
  };
  function fail(err: unknown): void {
    if (settled) return;
    settled = true;
    stop();
    if (err instanceof MultipartError && err.status === 413) err.details.partial = result;
    first.reject(err);
    body.reject(err);
  }
  const finish = () => {
    if (settled || !parsed || openFiles > 0) return;
    settled = true;
    stop();
    first.resolve(null);
    body.resolve(result);
  };
  const unreadable = () => fail(new MultipartError(400, 'The form could not be read.'));
  const tooMany = (message: string) => () => fail(new MultipartError(413, message));

  try {
    // latin1 keeps each byte as one character, so text can be decoded as strict UTF-8 afterwards.
    parser = busboy({
      headers: { 'content-type': contentType },
      defCharset: 'latin1',
      limits: { fileSize: limits.fileBytes + 1, files: limits.files, fields: limits.fields, fieldSize: limits.fieldChars * 4 + 1 },
    });
  } catch {
    unreadable();
    return { first: first.promise, body: body.promise, discard: stop };
  }
  parser.on('fieldsLimit', tooMany(`The form has too many fields (at most ${limits.fields}).`));
  parser.on('filesLimit', tooMany(`The form has too many files (at most ${limits.files}).`));
  parser.on('field', (name, raw, info) => {
    if (!name) return unreadable();
    const value = textOf(raw, info.valueTruncated, limits.fieldChars);
    first.resolve({ name, value, file: false });
    addField(result.fields, name, value);
  });
  parser.on('file', (name, stream, info) => {
    if (!name) return unreadable();
    first.resolve({ name, value: null, file: true });
    current = name;
    openFiles++;
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      chunks.push(chunk);
    });
    // A stopped body ends its open file with an error; the refusal has been reported already.
    stream.on('error', () => undefined);
    stream.on('limit', () =>
      fail(new MultipartError(413, `The file sent as ${name} is larger than allowed (at most ${kb(limits.fileBytes)} KB).`, { field: name, limitBytes: limits.fileBytes })),
    );
    stream.on('close', () => {
      openFiles--;
      // An empty file input still sends a part; it means "no new file". The first file of a name wins.
      if (size > 0) {
        const file = { filename: info.filename ?? '', bytes: Buffer.concat(chunks, size) };
        result.uploads.push({ field: name, ...file });
        if (!(name in result.files)) result.files[name] = file;
      }
      finish();
    });
  });
  parser.on('error', unreadable);
  parser.on('finish', () => {
    parsed = true;
    finish();
  });
  req.on('data', onData).on('end', onEnd).on('close', onClose).once('error', unreadable);
  return { first: first.promise, body: body.promise, discard: () => fail(new MultipartError(400, 'The form was not read.')) };
}

/** A promise with its settling functions; a rejection nobody waits for is not reported as unhandled. */
function settleable<T>(): { promise: Promise<T>; resolve(value: T): void; reject(err: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((ok, ko) => ((resolve = ok), (reject = ko)));
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * The multipart body of this request, read by the CSRF check once the token in its first field
 * was accepted. Refuses (MultipartError 415) a request that was not sent as multipart/form-data.
 */
export function multipartBody(ctx: Context): Promise<MultipartBody> {
  const body = ctx.state.multipart as Promise<MultipartBody> | undefined;
  return body ?? Promise.reject(new MultipartError(415, 'The form must be sent as multipart/form-data.'));
}
