import type { Knex } from 'knex';

/** Anything a repo can run a query on: the pool or an open transaction. */
export type Queryable = Knex | Knex.Transaction;

/** True for a unique-constraint violation on SQLite (both drivers) or PostgreSQL. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    (e?.code === 'SQLITE_CONSTRAINT' && /UNIQUE|PRIMARY KEY/i.test(e.message ?? ''))
  );
}

/** Narrows a query to rows whose `column` contains `text` literally (no wildcards), on both databases. */
export function whereContains<Q extends Knex.QueryBuilder>(query: Q, column: string, text: string): Q {
  // SQLite has no default LIKE escape character; name the one escapeLike uses, for both databases.
  return query.whereRaw("?? LIKE ? ESCAPE '\\'", [column, `%${escapeLike(text)}%`]) as Q;
}

/** Escapes `%`, `_` and `\` so a user's search text matches literally in LIKE. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
