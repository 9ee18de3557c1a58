import test from 'ava';
import { isDatabaseUnavailable } from '../../src/db/unavailable.js';

function failure(message: string, fields: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), fields);
}

test('a database that cannot be reached or used now is told apart from a wrong query', (t) => {
  const cases: [what: string, err: unknown, unavailable: boolean][] = [
    ['connection refused', failure('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED' }), true],
    ['both addresses of localhost refused', new AggregateError([failure('x', { code: 'ECONNREFUSED' }), failure('y', { code: 'ECONNREFUSED' })]), true],
    ['backend terminated', failure('select 1 - terminating connection due to administrator command', { code: '57P01' }), true],
    ['server starting', failure('the database system is starting up', { code: '57P03' }), true],
    ['too many connections', failure('sorry, too many clients already', { code: '53300' }), true],
    ['connection exception', failure('connection failure', { code: '08006' }), true],
    ['connection cut under a query', failure('select * from "sessions" - Connection terminated unexpectedly'), true],
    ['no free connection in time', failure('Knex: Timeout acquiring a connection. The pool is probably full.', { name: 'KnexTimeoutError' }), true],
    ['SQLite locked by another process', failure('database is locked', { code: 'SQLITE_BUSY' }), true],
    ['SQLite disk I/O', failure('disk I/O error', { code: 'SQLITE_IOERR_READ' }), true],
    ['SQLite cannot open the file', failure('unable to open database file', { code: 'SQLITE_CANTOPEN' }), true],
    ['SQLite disk full', failure('database or disk is full', { code: 'SQLITE_FULL' }), true],
    ['a unique key', failure('duplicate key value violates unique constraint', { code: '23505' }), false],
    ['a missing table', failure('no such table: x', { code: 'SQLITE_ERROR' }), false],
    ['a SQLite constraint', failure('UNIQUE constraint failed', { code: 'SQLITE_CONSTRAINT_UNIQUE' }), false],
    ['NUL in text on PostgreSQL', failure('invalid byte sequence for encoding "UTF8": 0x00', { code: '22021' }), false],
    ['a programming error', new TypeError('cannot read properties of undefined'), false],
    ['not an error', 'ECONNREFUSED', false],
  ];
  for (const [what, err, unavailable] of cases) t.is(isDatabaseUnavailable(err), unavailable, what);
});
