import type { Knex } from 'knex';

/** Mailbox messages, including security notices. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('messages', (table) => {
    table.increments('id');
    table.integer('account_id').notNullable().references('id').inTable('accounts').onDelete('CASCADE');
    table.string('sender', 320).notNullable();
    table.string('subject', 300).notNullable();
    table.text('body').notNullable();
    table.string('kind', 16).notNullable().defaultTo('mail');
    table.boolean('seen').notNullable().defaultTo(false);
    table.bigInteger('received_at').notNullable();
    table.index(['account_id', 'received_at']);
  });
}

/** Drops the messages. */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('messages');
}
