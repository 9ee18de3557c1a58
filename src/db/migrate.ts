import type { Knex } from 'knex';
import { migrations } from '../../migrations/index.js';

/** A migration module: one change, up and down. */
export interface Migration {
  up(db: Knex): Promise<void>;
  down(db: Knex): Promise<void>;
}

/** Knex migration source over the statically imported list, so it works from TypeScript and from the build. */
const source: Knex.MigrationSource<string> = {
  async getMigrations() {
    return Object.keys(migrations).sort();
  },
  getMigrationName(name) {
    return name;
  },
  async getMigration(name) {
    const migration = migrations[name];
    if (!migration) throw new Error(`unknown migration ${name}`);
    return migration;
  },
};

/** Brings the schema to the newest version; answers the names applied. */
export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, applied] = await db.migrate.latest({ migrationSource: source });
  return applied as string[];
}

/** Undoes every migration (used by the up → down → up test). */
export async function migrateDownAll(db: Knex): Promise<void> {
  await db.migrate.rollback({ migrationSource: source }, true);
}

/** Applies migrations one at a time up to and including `name` (the migration tests stop before one). */
export async function migrateUpTo(db: Knex, name: string): Promise<void> {
  for (const next of Object.keys(migrations).sort()) {
    const done = await db.schema.hasTable('knex_migrations') ? await db('knex_migrations').where({ name: next }).first() : null;
    if (!done) await db.migrate.up({ migrationSource: source, name: next });
    if (next === name) return;
  }
}

/** Undoes the last applied migration. */
export async function migrateDownOne(db: Knex): Promise<void> {
  await db.migrate.down({ migrationSource: source });
}
