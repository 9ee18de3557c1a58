import type { Knex } from 'knex';

/**
 * Why a session was ended for its owner (an administrator reset the key or revoked the devices):
 * the row stays, expired and emptied, until the owner's next request reads the reason for the
 * login page, or housekeeping removes it.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('sessions', (table) => {
    table.string('end_reason', 16).nullable();
  });
}

/** Drops the end reason. */
export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('sessions', (table) => {
    table.dropColumn('end_reason');
  });
}
