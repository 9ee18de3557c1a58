import type { Knex } from 'knex';

/** The clock offsets of the last accepted codes (comma-separated steps), for WebAdmin's drift diagnosis. */
export async function up(db: Knex): Promise<void> {
  for (const table of ['accounts', 'admins']) {
    await db.schema.alterTable(table, (t) => {
      t.string('totp_drift_history', 100).nullable();
    });
  }
}

/** Drops the drift histories. */
export async function down(db: Knex): Promise<void> {
  for (const table of ['accounts', 'admins']) {
    await db.schema.alterTable(table, (t) => {
      t.dropColumn('totp_drift_history');
    });
  }
}
