import type { Context } from 'koa';

/** Limits of one multipart/form-data body: whole body and each file in bytes, field count and text length. */
export interface MultipartLimits {
  totalBytes: number;
  fileBytes: number;
  fields: number;
  fieldChars: number;
}

/** An uploaded file; `tooLarge` when it was over the per-file limit (its bytes are then dropped). */
export interface UploadedFile {
  filename: string;
  bytes: Buffer;
  tooLarge: boolean;
}

/** A parsed body: text fields (an array when repeated, null when not UTF-8) and non-empty files. */
export interface MultipartBody {
  fields: Record<string, string | string[] | null>;
  files: Record<string, UploadedFile>;
}

/** Why a body could not be read: 413 when it is too large, 400 when it is malformed, 415 when not multipart. */
export class MultipartError extends Error {
  /** `status` is the HTTP status to answer with. */
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function boundaryOf(contentType: string): string {
  const match = /^multipart\/form-data\s*;.*?\bboundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  if (!match) throw new MultipartError(415, 'The form must be sent as multipart/form-data.');
  return match[1] ?? match[2];
}

/**
 * Reads the request body, refusing with 413 as soon as it passes `limit`. The rest is read and
 * thrown away, never kept, so the client still gets the answer.
 */
function readBody(ctx: Context, limit: number): Promise<Buffer> {
  const tooLarge = () => new MultipartError(413, 'What you sent is larger than allowed.');
  const declared = Number(ctx.get('content-length') || NaN);
  if (declared > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      ctx.req.off('data', onData).off('end', onEnd);
      chunks.length = 0;
      ctx.req.resume();
      reject(tooLarge());
    };
    const onEnd = () => resolve(Buffer.concat(chunks, size));
    ctx.req.on('data', onData).on('end', onEnd).once('error', reject);
  });
}

function headerValue(headers: string, name: string): string | null {
  const match = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(headers);
  return match ? match[1].trim() : null;
}

function param(header: string, name: string): string | null {
  const match = new RegExp(`;\\s*${name}="([^"]*)"`, 'i').exec(header) ?? new RegExp(`;\\s*${name}=([^;\\s]*)`, 'i').exec(header);
  return match ? match[1] : null;
}

function addField(fields: MultipartBody['fields'], name: string, value: string | null): void {
  const existing = fields[name];
  if (existing === undefined) fields[name] = value;
  else fields[name] = [...(Array.isArray(existing) ? existing : [existing ?? '']), value ?? ''];
}

/** Splits a complete body on its boundary and reads each part, within `limits`. */
export function parseMultipart(body: Buffer, boundary: string, limits: MultipartLimits): MultipartBody {
  const delimiter = Buffer.from(`--${boundary}`);
  const result: MultipartBody = { fields: Object.create(null), files: Object.create(null) };
  let position = body.indexOf(delimiter);
  if (position < 0) throw new MultipartError(400, 'The form could not be read.');
  let parts = 0;
  for (;;) {
    const afterDelimiter = position + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString('latin1') === '--') return result;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), afterDelimiter);
    if (next < 0) throw new MultipartError(400, 'The form could not be read.');
    const part = body.subarray(afterDelimiter + 2, next);
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) throw new MultipartError(400, 'The form could not be read.');
    if (++parts > limits.fields) throw new MultipartError(413, 'The form has too many fields.');
    const headers = part.subarray(0, split).toString('latin1');
    const content = part.subarray(split + 4);
    const disposition = headerValue(headers, 'content-disposition') ?? '';
    const name = param(disposition, 'name');
    if (!/^form-data\b/i.test(disposition) || name === null) throw new MultipartError(400, 'The form could not be read.');
    const filename = param(disposition, 'filename');
    if (filename !== null) {
      // An empty file input still sends a part; it means "no new file".
      if (content.length > 0 && !(name in result.files)) {
        const tooLarge = content.length > limits.fileBytes;
        result.files[name] = { filename, bytes: tooLarge ? Buffer.alloc(0) : Buffer.from(content), tooLarge };
      }
    } else {
      let value: string | null;
      try {
        value = utf8.decode(content);
      } catch {
        value = null;
      }
      addField(result.fields, name, value !== null && value.length > limits.fieldChars ? null : value);
    }
    position = next + 2;
  }
}

/**
 * Reads a multipart/form-data request within `limits`. Refuses (MultipartError) a body that is not
 * multipart, malformed, or larger than allowed — without reading past the limit.
 */
export async function readMultipart(ctx: Context, limits: MultipartLimits): Promise<MultipartBody> {
  const boundary = boundaryOf(ctx.get('content-type'));
  return parseMultipart(await readBody(ctx, limits.totalBytes), boundary, limits);
}
