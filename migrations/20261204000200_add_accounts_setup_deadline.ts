import type { Knex } from 'knex';

const NAME = 'accounts_setup_deadline_reminder_index';

/**
 * The deadline of an account's mandatory set-up (ms), fixed the first time the requirement reaches
 * it, and when the reminder 3 days before it was sent.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('accounts', (table) => {
    table.bigInteger('setup_deadline').nullable();
    table.bigInteger('setup_reminded_at').nullable();
    // Only deadlines whose reminder is still due: the housekeeping sweep reads these, the account list never.
    table.index(['setup_deadline'], NAME, { predicate: db.whereNull('setup_reminded_at') });
  });
}

/** Drops the set-up deadline. */
export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('accounts', (table) => {
    table.dropIndex(['setup_deadline'], NAME);
    table.dropColumn('setup_reminded_at');
    table.dropColumn('setup_deadline');
  });
}
