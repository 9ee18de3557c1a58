import type { Context } from 'koa';
import { CODES_TEXT } from './webmail/settings-strings.js';

/** The recovery codes text file: a heading, the codes one per line, a note (CRLF for every editor). */
export function codesFile(issuer: string, account: string, codes: string[]): string {
  return [CODES_TEXT.fileHeading(issuer, account), '', ...codes, '', CODES_TEXT.fileNote, ''].join('\r\n');
}

/** Answers the recovery codes as a download that no cache keeps (WebMail and WebAdmin alike). */
export function sendCodesFile(ctx: Context, issuer: string, account: string, codes: string[]): void {
  ctx.set('Content-Disposition', 'attachment; filename="recovery-codes.txt"');
  ctx.set('Cache-Control', 'no-store');
  ctx.type = 'text/plain; charset=utf-8';
  ctx.body = codesFile(issuer, account, codes);
}
