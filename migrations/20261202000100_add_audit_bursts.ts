import type { Knex } from 'knex';

/**
 * Bursts in the audit log: an event that repeats (failed sign-ins from one address, refusals while
 * locked) is one row with a count, keyed by what repeats and the minute it falls in.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('audit_events', (table) => {
    table.integer('count').notNullable().defaultTo(1);
    table.string('burst_key', 64).nullable().unique();
    table.index(['ip', 'at']);
  });
}

/** Drops the burst columns. */
export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('audit_events', (table) => {
    table.dropIndex(['ip', 'at']);
    table.dropUnique(['burst_key']);
    table.dropColumn('burst_key');
    table.dropColumn('count');
  });
}
