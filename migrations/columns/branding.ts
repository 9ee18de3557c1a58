import type { Knex } from 'knex';

/** Branding columns shared by the server default and each domain (all nullable: null inherits). */
export function addBrandingColumns(table: Knex.CreateTableBuilder): void {
  table.string('branding_name', 100).nullable();
  table.string('logo_public', 64).nullable();
  table.string('logo_public_mobile', 64).nullable();
  table.string('logo_private', 64).nullable();
  table.string('logo_private_mobile', 64).nullable();
  table.string('favicon', 64).nullable();
  table.string('accent_color', 7).nullable();
  table.string('background_color', 7).nullable();
  table.text('welcome_text').nullable();
  table.string('help_url', 500).nullable();
}
