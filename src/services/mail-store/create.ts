import type { Knex } from 'knex';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import { BuiltinMailStore } from './builtin-store.js';
import { ImapMailStore } from './imap-store.js';
import type { MailStore } from './types.js';

/** The store the configuration asks for: IMAP + SMTP when MAIL_IMAP_URL is set, else the built-in one. */
export function createMailStore(db: Knex, clock: Clock, config: Readonly<Config>): MailStore {
  if (!config.mailImap || !config.mailSmtp || !config.mailMasterPassword) return new BuiltinMailStore(db, clock);
  const master = { masterUser: config.mailMasterUser, masterPassword: config.mailMasterPassword, timeoutMs: config.mailTimeoutMs };
  return new ImapMailStore({
    imap: { host: config.mailImap.host, port: config.mailImap.port, secure: config.mailImap.secure, ...master },
    smtp: { host: config.mailSmtp.host, port: config.mailSmtp.port, secure: config.mailSmtp.secure, ...master },
  });
}
