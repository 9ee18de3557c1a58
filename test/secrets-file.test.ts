import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { loadConfig } from '../src/config.js';
import { withGeneratedSecrets } from '../src/secrets-file.js';

test('a mail lookup token is generated once into secrets.json and reused', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-secrets-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const first = withGeneratedSecrets(loadConfig({ DATA_DIR: dir }));
  t.true(first.generated);
  t.regex(first.config.mailAuthToken ?? '', /^[A-Za-z0-9_-]{43}$/);
  const again = withGeneratedSecrets(loadConfig({ DATA_DIR: dir }));
  t.false(again.generated);
  t.is(again.config.mailAuthToken, first.config.mailAuthToken);
  const stored = JSON.parse(fs.readFileSync(path.join(dir, 'secrets.json'), 'utf8')) as { mailAuthToken?: string };
  t.is(stored.mailAuthToken, first.config.mailAuthToken);
});

test('MAIL_AUTH_TOKEN from the environment wins over the generated one', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-secrets-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  withGeneratedSecrets(loadConfig({ DATA_DIR: dir }));
  const token = 'x'.repeat(40);
  t.is(withGeneratedSecrets(loadConfig({ DATA_DIR: dir, MAIL_AUTH_TOKEN: token })).config.mailAuthToken, token);
});
