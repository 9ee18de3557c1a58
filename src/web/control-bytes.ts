import type { Context, Next } from 'koa';
import { hasControlCharacters } from '../core/control-characters.js';
import { MultipartError, type MultipartBody } from './multipart.js';

/**
 * Fields whose value is multi-line text (a textarea): tab, CR and LF are allowed there, every other
 * control character is not. Every other field is one line of text, where no control character is.
 */
export const MULTILINE_FIELDS: ReadonlySet<string> = new Set(['webmailHosts', 'welcomeText', 'body']);

/** Words of the refusal, shown on the error page (or above the upload form). */
export const CONTROL_BYTES_TEXT = {
  title: 'Invalid characters',
  message: 'What you sent contains control characters (such as a NUL byte) that no field accepts. Remove them and try again.',
};

// The path as sent: a control character can only arrive percent-encoded.
const ENCODED_CONTROL = /%(?:[01][0-9a-f]|7f)/i;

/** True when the field `name` may not hold `value`: a control character where its kind allows none. */
export function refusedValue(name: string, value: string): boolean {
  return hasControlCharacters(value, MULTILINE_FIELDS.has(name) ? 'multiline' : 'line');
}

/** True when some name or value of a parsed query or form (values may be arrays or null) is refused. */
export function hasRefusedField(fields: Record<string, unknown>): boolean {
  return Object.entries(fields).some(([name, value]) => {
    if (hasControlCharacters(name, 'line')) return true;
    const values = Array.isArray(value) ? value : [value];
    return values.some((one) => typeof one === 'string' && refusedValue(name, one));
  });
}

/** True when the request's path, query string or parsed form body carries a refused control character. */
export function requestHasControlBytes(ctx: Context): boolean {
  if (ENCODED_CONTROL.test(ctx.path) || hasRefusedField(ctx.query)) return true;
  const body = ctx.request.body;
  return body !== null && typeof body === 'object' && hasRefusedField(body as Record<string, unknown>);
}

/**
 * Refuses, with 400 and `reject`'s page, any request whose path, query or form carries a control
 * character, before a route or the database sees it (PostgreSQL cannot store a NUL in text). An
 * upload's text fields are checked as its body is handed on: a refused one rejects it with a
 * MultipartError 400, which the upload form shows. Must come after the body parser and CSRF check.
 */
export function refuseControlBytes(reject: (ctx: Context) => void) {
  return async (ctx: Context, next: Next) => {
    if (requestHasControlBytes(ctx)) return reject(ctx);
    const multipart = ctx.state.multipart as Promise<MultipartBody> | undefined;
    if (multipart) {
      const checked = multipart.then((body) => {
        if (hasRefusedField(body.fields)) throw new MultipartError(400, CONTROL_BYTES_TEXT.message);
        return body;
      });
      // As the body it replaces: a refusal nobody waits for is not reported as unhandled.
      checked.catch(() => undefined);
      ctx.state.multipart = checked;
    }
    await next();
  };
}
