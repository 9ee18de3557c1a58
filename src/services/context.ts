import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import type { PasswordCost } from '../config.js';
import type { SecretBox } from '../core/secret-box.js';
import type { MailStore } from './mail-store/types.js';

/** Who performs a use case, as the audit log records them. */
export type { Actor } from '../repos/audit.js';

/** The collaborators every use case gets: database, clock, secret encryption, password cost and the mail store. */
export interface ServiceContext {
  db: Knex;
  clock: Clock;
  secretBox: SecretBox;
  passwordCost: PasswordCost;
  /** Where WebMail's mail lives: the built-in store or the IMAP + SMTP mail server. */
  mail: MailStore;
}
