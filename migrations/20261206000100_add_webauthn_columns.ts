import type { Knex } from 'knex';

const COLUMNS = ['credential_id', 'public_key', 'sign_count', 'transports', 'rp_id'] as const;

/**
 * Security keys and passkeys (WebAuthn) as second factors of kind 'webauthn': the credential id
 * (base64url, unique), its COSE public key (base64url), the sign counter, the transports the browser
 * reported and the relying party id it was registered for.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('second_factors', (table) => {
    table.string('credential_id', 1400).nullable();
    table.text('public_key').nullable();
    table.bigInteger('sign_count').notNullable().defaultTo(0);
    table.string('transports', 200).nullable();
    table.string('rp_id', 253).nullable();
    table.unique(['credential_id'], { indexName: 'second_factors_credential_id_unique' });
  });
}

/** Drops every security key (their rows mean nothing without the columns) and the columns. */
export async function down(db: Knex): Promise<void> {
  await db('second_factors').where({ kind: 'webauthn' }).delete();
  await db.schema.alterTable('second_factors', (table) => {
    table.dropUnique(['credential_id'], 'second_factors_credential_id_unique');
  });
  // Plain DROP COLUMN on both databases, as the migration that made the table does.
  for (const column of COLUMNS) await db.raw(`ALTER TABLE second_factors DROP COLUMN ${column}`);
}
