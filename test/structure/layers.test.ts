import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';

// The layer rules of the house style, checked on the source text so they stay true: route modules
// and CLI commands reach the database only through services, and no cast bypasses the declared
// types of the Koa state and the session.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = path.join(ROOT, 'src');

/** Layers whose files must not import the database layers, and the layers they must not import. */
const CALLERS = ['web', 'cli'];
const DATABASE_LAYERS = ['repos', 'db'];
/** Packages that open or build queries: only repos, db and migrations use them at run time. */
const DATABASE_PACKAGES = ['knex', 'pg', 'better-sqlite3'];

/** Every .ts file below `dir`, as paths relative to src/. */
function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(SRC, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(dir, name).split(path.sep).join('/'))
    .sort();
}

/** 1-based line of `index` in `text`. */
function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** Module specifiers a source imports or re-exports (static, type-only, side-effect or dynamic), with their lines. */
function importsOf(text: string): { spec: string; line: number }[] {
  const patterns = [/\b(?:import|export)\b[^;'"`]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => ({ spec: match[1], line: lineOf(text, match.index) })));
}

/** The imports of `file` (relative to src/) that break the layer rule, as "file:line → specifier". */
function layerViolations(file: string, text: string): string[] {
  return importsOf(text)
    .filter(({ spec }) => {
      if (!spec.startsWith('.')) return DATABASE_PACKAGES.includes(spec) || DATABASE_PACKAGES.some((name) => spec.startsWith(`${name}/`));
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
      return DATABASE_LAYERS.some((layer) => target === layer || target.startsWith(`${layer}/`));
    })
    .map(({ spec, line }) => `${file}:${line} → ${spec}`);
}

/** Where `file` reaches for the database handle of a service context, as "file:line". */
function handleViolations(file: string, text: string): string[] {
  return [...text.matchAll(/\.db\b(?!['"])/g)].map((match) => `${file}:${lineOf(text, match.index)}`);
}

/** Where `file` casts through unknown, as "file:line". */
function castViolations(file: string, text: string): string[] {
  return [...text.matchAll(/\bas\s+unknown\s+as\b/g)].map((match) => `${file}:${lineOf(text, match.index)}`);
}

const read = (file: string) => fs.readFileSync(path.join(SRC, file), 'utf8');

test('the checks find every kind of forbidden import, handle and cast they are meant to find', (t) => {
  const bad = [
    "import { findAccount } from '../../repos/accounts.js';",
    "import type { AccountRecord } from '../../repos/accounts.js';",
    "import {\n  a,\n  b,\n} from '../../repos/domains.js';",
    "export { createDb } from '../../db/create-db.js';",
    "export * from '../../repos/audit.js';",
    "import '../../db/migrate.js';",
    "const m = await import('../../repos/branding.js');",
    "import knex from 'knex';",
    "import type { Knex } from 'knex';",
    "import pg from 'pg';",
  ];
  for (const source of bad) t.is(layerViolations('web/admin/screen.ts', source).length, 1, source);
  const good = [
    "import { requireAccount } from '../../services/accounts.js';",
    "import type { Context } from 'koa';",
    "import { reposLink } from './repos-link.js';",
    "import { dbLabel } from '../../core/db-label.js';",
    "// Accounts are read through services/accounts.ts, never repos/accounts.ts.",
  ];
  for (const source of good) t.deepEqual(layerViolations('web/admin/screen.ts', source), [], source);
  t.deepEqual(layerViolations('cli/views.ts', "import x from '../repos/accounts.js';"), ['cli/views.ts:1 → ../repos/accounts.js']);
  t.deepEqual(handleViolations('web/a.ts', 'const x = 1;\nawait listAccounts(deps.services.db, 1);'), ['web/a.ts:2']);
  t.deepEqual(handleViolations('web/a.ts', "const file = 'twostep.db';\nconst ok = deps.dbLabel;"), []);
  t.deepEqual(castViolations('web/a.ts', 'const s = ctx.session as unknown as Data;'), ['web/a.ts:1']);
  t.deepEqual(castViolations('web/a.ts', 'const s = ctx.session as\n  unknown as Data;'), ['web/a.ts:1']);
  t.deepEqual(castViolations('web/a.ts', 'const s = value as Data;\nconst u: unknown = s;'), []);
});

test('route modules and CLI commands import no repo, no db module and no database package: they call services', (t) => {
  const files = CALLERS.flatMap(sourceFiles);
  t.true(files.length > 50, 'the source files are found');
  t.deepEqual(
    files.flatMap((file) => layerViolations(file, read(file))),
    [],
  );
});

test('route modules and CLI commands never reach the database handle of the service context', (t) => {
  t.deepEqual(
    CALLERS.flatMap(sourceFiles).flatMap((file) => handleViolations(file, read(file))),
    [],
  );
});

test('no cast through unknown anywhere in src: the Koa state and the session have declared types', (t) => {
  const files = sourceFiles('.');
  t.true(files.length > 100, 'the source files are found');
  t.deepEqual(
    files.flatMap((file) => castViolations(file, read(file))),
    [],
  );
});
