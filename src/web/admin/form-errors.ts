import { ServiceError, statusFor } from '../../services/errors.js';

/** Field errors of a form: field name → message; `form` for errors not tied to one field. */
export type FieldErrors = Record<string, string>;

/** Outcome of running a use case for a form: its value, or the status and field errors to re-render with. */
export type Attempt<T> = { ok: true; value: T } | { ok: false; status: number; errors: FieldErrors };

/**
 * Runs a use case; a refusal (ServiceError) becomes a field error beside `field` (or the field the
 * service named) with its 4xx status. Anything else is a real failure and propagates.
 */
export async function attempt<T>(run: () => Promise<T>, fallbackField = 'form'): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    if (!(err instanceof ServiceError)) throw err;
    return { ok: false, status: statusFor(err), errors: { [err.field ?? fallbackField]: err.message } };
  }
}
