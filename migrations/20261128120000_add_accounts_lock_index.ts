import type { Knex } from 'knex';

const NAME = 'accounts_domain_id_locked_until_index';

/** Locked accounts of a domain, for the WebAdmin "locked" filter (only rows with a lock are indexed). */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('accounts', (table) => {
    table.index(['domain_id', 'totp_locked_until'], NAME, { predicate: db.whereNotNull('totp_locked_until') });
  });
}

/** Drops the index of locked accounts. */
export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('accounts', (table) => {
    table.dropIndex(['domain_id', 'totp_locked_until'], NAME);
  });
}
