import nodemailer from 'nodemailer';
import { MailRefusedError, MailUnavailableError } from '../services/mail-store/errors.js';
import { masterLogin, type MasterEndpoint } from './endpoint.js';

/** An SMTP error as nodemailer reports it. */
interface SmtpError extends Error {
  code?: string;
  response?: string;
  responseCode?: number;
  rejectedErrors?: { recipient?: string; response?: string }[];
}

/** What the submission server did with the recipients. */
export interface SubmitResult {
  accepted: string[];
  /** Refused recipients with the server's words. */
  refused: { recipient: string; reason: string }[];
}

/** The server's own words for a refusal (its reply line), else nodemailer's summary. */
function reasonOf(err: SmtpError): string {
  const refusals = (err.rejectedErrors ?? []).map((one) => one.response).filter(Boolean);
  return (refusals.length ? refusals.join('; ') : err.response) || err.message;
}

/**
 * Submits a finished message for `address` through the submission service, signed in as the master
 * user for that address: Dovecot relays it with the account's own login, so only its own envelope
 * sender passes. A refusal (a 4xx/5xx reply) is a MailRefusedError with the server's words; no
 * connection, a failed master login or no answer in time is a MailUnavailableError.
 */
export async function submitMessage(endpoint: MasterEndpoint, address: string, envelope: { from: string; to: string[] }, source: Buffer): Promise<SubmitResult> {
  const transport = nodemailer.createTransport({
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.secure,
    auth: masterLogin(endpoint, address),
    connectionTimeout: endpoint.timeoutMs,
    greetingTimeout: endpoint.timeoutMs,
    socketTimeout: endpoint.timeoutMs,
    dnsTimeout: endpoint.timeoutMs,
  });
  try {
    const info = await transport.sendMail({ envelope, raw: source });
    const refused = ((info as { rejectedErrors?: SmtpError[] }).rejectedErrors ?? []).map((err) => ({ recipient: String((err as { recipient?: string }).recipient ?? ''), reason: reasonOf(err) }));
    return { accepted: (info.accepted as string[]).map(String), refused };
  } catch (raw) {
    const err = raw as SmtpError;
    const transient = !err.responseCode || err.code === 'EAUTH' || err.responseCode === 421;
    if (transient) throw new MailUnavailableError(`SMTP submission failed: ${err.message}`, { cause: err });
    throw new MailRefusedError(reasonOf(err));
  } finally {
    transport.close();
  }
}
