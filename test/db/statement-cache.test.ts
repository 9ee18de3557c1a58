import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { createDb } from '../../src/db/create-db.js';
import { cacheStatements } from '../../src/db/statement-cache.js';

test('a statement is prepared once per text and the least recently used is dropped past the limit', (t) => {
  const prepared: string[] = [];
  const conn = { prepare: (sql: string) => (prepared.push(sql), { sql }) };
  cacheStatements(conn, 2);
  const a = conn.prepare('SELECT 1');
  t.is(conn.prepare('SELECT 1'), a);
  conn.prepare('SELECT 2');
  conn.prepare('SELECT 1');
  conn.prepare('SELECT 3');
  t.deepEqual(prepared, ['SELECT 1', 'SELECT 2', 'SELECT 3'], 'SELECT 2 was the least recently used');
  t.is(conn.prepare('SELECT 1'), a);
  conn.prepare('SELECT 2');
  t.deepEqual(prepared, ['SELECT 1', 'SELECT 2', 'SELECT 3', 'SELECT 2']);
});

test('a statement that fails to prepare is not kept', (t) => {
  let calls = 0;
  const conn = {
    prepare: (sql: string) => {
      calls++;
      if (sql === 'bad') throw new Error('syntax error');
      return {};
    },
  };
  cacheStatements(conn);
  t.throws(() => conn.prepare('bad'), { message: 'syntax error' });
  t.throws(() => conn.prepare('bad'), { message: 'syntax error' });
  t.is(calls, 2);
});

test('on SQLite a kept statement answers each call with its own bindings, and sees a column added since', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-statements-'));
  const db = createDb({ kind: 'sqlite', filename: path.join(dir, 'cache.sqlite') });
  t.teardown(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  await db.schema.createTable('items', (table) => {
    table.increments('id');
    table.string('name');
  });
  await db('items').insert([{ name: 'one' }, { name: 'two' }]);
  const byName = (name: string) => db('items').where({ name }).select('*');
  t.like(await byName('one'), [{ id: 1, name: 'one' }]);
  t.like(await byName('two'), [{ id: 2, name: 'two' }]);
  t.deepEqual(await byName('three'), []);
  await db.schema.alterTable('items', (table) => table.integer('size').defaultTo(7));
  t.deepEqual(await byName('one'), [{ id: 1, name: 'one', size: 7 }]);
  await db('items').where({ name: 'one' }).update({ size: 9 });
  await db('items').where({ name: 'two' }).update({ size: 8 });
  t.deepEqual((await db('items').orderBy('id').select('size')).map((row) => row.size), [9, 8]);
});
