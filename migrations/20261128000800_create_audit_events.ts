import type { Knex } from 'knex';

/** The audit log: who did what to 2-Step Verification, when and from where. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('audit_events', (table) => {
    table.bigIncrements('id');
    table.bigInteger('at').notNullable();
    table.string('actor_kind', 8).notNullable();
    table.string('actor_name', 320).notNullable();
    table.string('domain', 253).nullable();
    table.string('subject', 320).nullable();
    table.string('event', 40).notNullable();
    table.text('detail').nullable();
    table.string('ip', 64).nullable();
    table.index(['at']);
    table.index(['subject', 'at']);
    table.index(['domain', 'at']);
    table.index(['event', 'at']);
  });
}

/** Drops the audit log. */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('audit_events');
}
