import fs from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import pg from 'pg';
import type { DatabaseTarget } from '../config.js';

/** Opens a knex connection pool for SQLite (embedded) or PostgreSQL. */
export function createDb(target: DatabaseTarget): Knex {
  if (target.kind === 'postgres') {
    // Times are stored as bigint milliseconds; they fit a JavaScript number exactly.
    pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
    return knex({ client: 'pg', connection: target.url, pool: { min: 0, max: 10 } });
  }
  if (target.filename !== ':memory:') fs.mkdirSync(path.dirname(target.filename), { recursive: true });
  return knex({
    client: 'sqlite3',
    connection: { filename: target.filename },
    useNullAsDefault: true,
    // One connection: SQLite serialises writers anyway, and transactions then queue instead of failing busy.
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: { run: (sql: string, cb: (err: Error | null) => void) => void }, done: (err: Error | null, conn: unknown) => void) {
        conn.run('PRAGMA foreign_keys = ON', (err) => {
          if (err) return done(err, conn);
          conn.run('PRAGMA journal_mode = WAL', (err2) => done(err2, conn));
        });
      },
    },
  });
}

/** True when the connection is PostgreSQL. */
export function isPostgres(db: Knex): boolean {
  return db.client.config.client === 'pg';
}
