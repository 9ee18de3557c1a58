import type { Context } from 'koa';

/** Longest value any text field accepts, in characters. */
export const MAX_FIELD_LENGTH = 4096;

/** Safe access to a parsed form: every read answers a string, whatever was posted. */
export class Form {
  constructor(private readonly fields: Record<string, unknown>) {}

  /** The field as text; '' when missing, repeated (an array), an object, or too long. */
  text(name: string, maxLength = MAX_FIELD_LENGTH): string {
    const value = this.fields[name];
    if (typeof value !== 'string' || value.length > maxLength) return '';
    return value;
  }

  /** The field as trimmed text. */
  trimmed(name: string, maxLength = MAX_FIELD_LENGTH): string {
    return this.text(name, maxLength).trim();
  }

  /** True when the field was posted with a non-empty value (checkboxes). */
  checked(name: string): boolean {
    return this.text(name) !== '';
  }

  /** True when the field was posted at all (even empty). */
  has(name: string): boolean {
    return this.fields[name] !== undefined;
  }

  /** True when the field was posted but is not usable text (an array, an object or too long). */
  malformed(name: string, maxLength = MAX_FIELD_LENGTH): boolean {
    const value = this.fields[name];
    return value !== undefined && (typeof value !== 'string' || value.length > maxLength);
  }
}

/** The request's form body (parsed by the body parser), wrapped for safe reads. */
export function formOf(ctx: Context): Form {
  const body = ctx.request.body;
  return new Form(body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {});
}

/** A query-string parameter as text ('' when missing or repeated). */
export function queryText(ctx: Context, name: string, maxLength = 512): string {
  const value = ctx.query[name];
  return typeof value === 'string' && value.length <= maxLength ? value : '';
}
