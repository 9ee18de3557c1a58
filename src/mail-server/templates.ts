import fs from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../paths.js';

/** The commented Dovecot and Postfix configuration templates. */
export const DEPLOY_DIR = path.join(ROOT_DIR, 'deploy');

/** The templates a mail server instance is generated from, relative to DEPLOY_DIR. */
export const TEMPLATES = {
  dovecot: 'dovecot/dovecot.conf',
  lua: 'dovecot/twostep-auth.lua',
  postfixMain: 'postfix/main.cf',
  postfixMaster: 'postfix/master.cf',
} as const;

/**
 * Fills every `{{NAME}}` of `text` from `values`. A placeholder without a value, or a value that
 * would break out of its line, is a programming error and throws.
 */
export function renderTemplate(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{([A-Z0-9_]+)\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`No value for {{${name}}}`);
    const value = String(values[name]);
    if (/[\r\n"]/.test(value)) throw new Error(`The value of {{${name}}} must be one line without quotes`);
    return value;
  });
}

/** Reads a template of DEPLOY_DIR and fills it. */
export function renderDeployFile(file: string, values: Record<string, string | number>): string {
  return renderTemplate(fs.readFileSync(path.join(DEPLOY_DIR, file), 'utf8'), values);
}
