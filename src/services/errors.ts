/** Kinds of refusal a use case can answer; web routes map them to 4xx, the CLI to -ERR. */
export type ServiceErrorKind = 'invalid' | 'not_found' | 'conflict' | 'forbidden' | 'locked' | 'throttled';

/** A refusal with a message fit to show the person who asked; nothing was changed. */
export class ServiceError extends Error {
  /** Builds a refusal of `kind`; `field` names the form field at fault, when there is one. */
  constructor(
    readonly kind: ServiceErrorKind,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** HTTP status for a refusal. */
export function statusFor(error: ServiceError): number {
  return { invalid: 400, not_found: 404, conflict: 409, forbidden: 403, locked: 423, throttled: 429 }[error.kind];
}
