import { ServiceError } from '../errors.js';

/** The mail server could not be reached, or did not answer in time: the mailbox answers 503. */
export class MailUnavailableError extends Error {
  /** `cause` is the underlying failure, for the log. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The mail server refused to send a message; `reason` is its own words, fit to show the user. */
export class MailRefusedError extends Error {
  /** `reason` is shown on the compose form. */
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** The refusal for a folder the mailbox does not have; `field` names the form field that chose it. */
export function noSuchFolder(name: string, field = 'folder'): ServiceError {
  return new ServiceError('not_found', `There is no folder "${name}" in your mailbox.`, field);
}
