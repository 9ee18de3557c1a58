/** Network failures reaching a database server (Node's error codes). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/**
 * PostgreSQL SQLSTATEs of a server that cannot serve now: connection exceptions (class 08),
 * shut down or starting (57P01–57P03), out of connections or resources (53000, 53300).
 */
const POSTGRES_STATES = /^(08\d{3}|57P0[123]|53000|53300)$/;

/** SQLite result codes of a file that cannot be used now: locked by another process, I/O, cannot open, full, read-only. */
const SQLITE_CODES = /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL|READONLY|PROTOCOL)(_|$)/;

/** What node-postgres says when a connection died or none could be had (knex puts the query before it). */
const MESSAGES = /(^|- )(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/;

/**
 * True when `err` says the database is unreachable or unusable for now (server down, connection
 * cut, file locked or unreadable, no free connection in time) rather than that a query was wrong:
 * the request can be answered 503 and will work again once the database is back.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'KnexTimeoutError') return true;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || POSTGRES_STATES.test(code) || SQLITE_CODES.test(code))) return true;
  if (MESSAGES.test(err.message)) return true;
  // A host name with several addresses fails with every one of them at once.
  return err instanceof AggregateError && err.errors.some(isDatabaseUnavailable);
}
