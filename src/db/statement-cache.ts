/** Statements kept per SQLite connection: the product's queries are a few hundred distinct texts. */
export const STATEMENT_CACHE_SIZE = 500;

/** The part of a better-sqlite3 connection the cache wraps. */
interface Preparing {
  prepare(sql: string): unknown;
}

/**
 * Makes the connection reuse its prepared statements: knex prepares every query anew, and on a short
 * query SQLite's parsing and planning cost more than running it. A statement is kept by its text
 * (bound values vary, the text does not), the least recently used dropped past `size`. Safe on the
 * one connection the pool holds: better-sqlite3 runs a statement to its end synchronously, so no two
 * uses of one overlap, and SQLite prepares a kept statement again by itself after a schema change.
 */
export function cacheStatements(conn: Preparing, size = STATEMENT_CACHE_SIZE): void {
  const prepare = conn.prepare.bind(conn);
  const kept = new Map<string, unknown>();
  conn.prepare = (sql: string) => {
    let statement = kept.get(sql);
    if (statement === undefined) {
      statement = prepare(sql);
      if (kept.size >= size) kept.delete(kept.keys().next().value!);
    } else {
      kept.delete(sql);
    }
    kept.set(sql, statement);
    return statement;
  };
}
