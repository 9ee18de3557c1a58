import { randomBytes } from 'node:crypto';
import knex, { type Knex } from 'knex';
import pg from 'pg';
import { createDb } from '../../src/db/create-db.js';
import { migrateLatest } from '../../src/db/migrate.js';

/** A migrated database for one test: in-memory SQLite, or a fresh PostgreSQL schema when TEST_DATABASE_URL is set. */
export interface TestDb {
  db: Knex;
  kind: 'sqlite' | 'postgres';
  /** The PostgreSQL schema of this test; undefined on SQLite. */
  schema?: string;
  /** Closes connections and drops the schema. */
  destroy(): Promise<void>;
}

/** Opens an empty database (not migrated). */
export async function openEmptyTestDb(): Promise<TestDb> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const db = createDb({ kind: 'sqlite', filename: ':memory:' });
    return { db, kind: 'sqlite', destroy: () => db.destroy() };
  }
  return openPostgresSchema(url);
}

/** A fresh, empty schema of the PostgreSQL database at `url`, dropped by `destroy()` (tests and benchmarks). */
export async function openPostgresSchema(url: string, prefix = 't'): Promise<TestDb> {
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = knex({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  await admin.raw(`CREATE SCHEMA ${schema}`);
  const db = knex({ client: 'pg', connection: url, searchPath: [schema], pool: { min: 0, max: 10 } });
  return {
    db,
    kind: 'postgres',
    schema,
    async destroy() {
      await db.destroy();
      await admin.raw(`DROP SCHEMA ${schema} CASCADE`);
      await admin.destroy();
    },
  };
}

/** Opens a database with every migration applied. */
export async function openTestDb(): Promise<TestDb> {
  const testDb = await openEmptyTestDb();
  await migrateLatest(testDb.db);
  return testDb;
}
