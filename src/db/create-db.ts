import fs from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import pg from 'pg';
import type { DatabaseTarget } from '../config.js';
import { cacheStatements } from './statement-cache.js';

/**
 * Settings of every SQLite connection: foreign keys enforced; write-ahead logging, so readers never
 * wait for the writer; NORMAL sync, which in WAL mode keeps every commit atomic and survives a crash
 * of the process, syncing the log at checkpoints rather than at each commit (SQLite's advice for WAL);
 * and a wait, rather than an error, while another process (`npm run cli`) holds the write lock.
 */
export const SQLITE_PRAGMAS: readonly string[] = ['PRAGMA foreign_keys = ON', 'PRAGMA journal_mode = WAL', 'PRAGMA synchronous = NORMAL', 'PRAGMA busy_timeout = 5000'];

/** How long opening a PostgreSQL connection may take, in ms. */
export const CONNECT_TIMEOUT_MS = 5000;
/** How long a query may wait for a free connection of the pool, in ms. */
export const ACQUIRE_TIMEOUT_MS = 10_000;

/** Opens a knex connection pool for SQLite (embedded) or PostgreSQL. */
export function createDb(target: DatabaseTarget): Knex {
  if (target.kind === 'postgres') {
    // Times are stored as bigint milliseconds; they fit a JavaScript number exactly.
    pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
    // A server that does not answer fails a request within seconds (503), rather than holding it for a minute.
    return knex({
      client: 'pg',
      connection: { connectionString: target.url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS },
      pool: { min: 0, max: 10 },
      acquireConnectionTimeout: ACQUIRE_TIMEOUT_MS,
    });
  }
  if (target.filename !== ':memory:') fs.mkdirSync(path.dirname(target.filename), { recursive: true });
  return knex({
    // better-sqlite3 answers a query in microseconds on the calling thread; the asynchronous driver's
    // round trip through the thread pool cost about 0.3 ms a query.
    client: 'better-sqlite3',
    connection: { filename: target.filename },
    useNullAsDefault: true,
    // While another process holds the file locked, waiting requests fail (503) instead of queueing for a minute.
    acquireConnectionTimeout: ACQUIRE_TIMEOUT_MS,
    // One connection: SQLite serialises writers anyway, and transactions then queue instead of failing busy.
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: { exec(sql: string): void; prepare(sql: string): unknown }, done: (err: Error | null, conn: unknown) => void) {
        try {
          for (const pragma of SQLITE_PRAGMAS) conn.exec(pragma);
          cacheStatements(conn);
          done(null, conn);
        } catch (err) {
          done(err as Error, conn);
        }
      },
    },
  });
}

