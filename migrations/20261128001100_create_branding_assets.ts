import type { Knex } from 'knex';

/** Uploaded branding images, addressed by the hash of their content. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('branding_assets', (table) => {
    table.string('hash', 64).primary();
    table.string('content_type', 40).notNullable();
    table.binary('bytes').notNullable();
    table.integer('size').notNullable();
    table.bigInteger('created_at').notNullable();
  });
}

/** Drops the branding images. */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('branding_assets');
}
