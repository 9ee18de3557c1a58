import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import type { PasswordCost } from '../config.js';
import type { SecretBox } from '../core/secret-box.js';

/** Who performs a use case, as the audit log records them. */
export type { Actor } from '../repos/audit.js';

/** The collaborators every use case gets: database, clock, secret encryption and password cost. */
export interface ServiceContext {
  db: Knex;
  clock: Clock;
  secretBox: SecretBox;
  passwordCost: PasswordCost;
}
