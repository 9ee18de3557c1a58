import type { Knex } from 'knex';

const COLUMNS = ['folder', 'flagged', 'answered', 'size', 'has_attachments', 'source'] as const;

/**
 * Files built-in messages in folders with the flags and facts of a mail client (flagged, answered,
 * size, attachments) and, for mail written in WebMail, its MIME source; lists read one folder's page.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('messages', (table) => {
    table.string('folder', 200).notNullable().defaultTo('INBOX');
    table.boolean('flagged').notNullable().defaultTo(false);
    table.boolean('answered').notNullable().defaultTo(false);
    table.integer('size').notNullable().defaultTo(0);
    table.boolean('has_attachments').notNullable().defaultTo(false);
    table.binary('source').nullable();
    table.index(['account_id', 'folder', 'received_at'], 'messages_account_folder_received_index');
  });
  await db('messages').update({ size: db.raw('length(body)') });
}

/** Drops the folders and flags again. */
export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('messages', (table) => {
    table.dropIndex(['account_id', 'folder', 'received_at'], 'messages_account_folder_received_index');
  });
  await db.schema.alterTable('messages', (table) => {
    for (const column of COLUMNS) table.dropColumn(column);
  });
}
