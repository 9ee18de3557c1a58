import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { ConfigError, loadConfig } from '../src/config.js';
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

test('a secrets.json that cannot be read, is not JSON or holds a malformed value stops the start and is left as it is', (t) => {
  const key = 'ab'.repeat(32);
  const cases: [contents: string | null, message: RegExp][] = [
    ['{"secretKey": "', /is not valid JSON/],
    ['["not", "an", "object"]', /must hold one JSON object/],
    [JSON.stringify({ secretKey: 'not-a-key' }), /has a secretKey that is not 64 hexadecimal digits/],
    [JSON.stringify({ secretKey: key, appKeys: ['short'] }), /has appKeys that are not/],
    [JSON.stringify({ secretKey: key, appKeys: 'one-key-0123456789' }), /has appKeys that are not/],
    [JSON.stringify({ secretKey: key, secretKeyPrevious: ['zz'] }), /has a secretKeyPrevious that is not/],
    [JSON.stringify({ secretKey: key, mailAuthToken: 'short' }), /has a mailAuthToken that is not/],
    // A folder where the file should be: it cannot be read (the test runs as root, so modes would not stop it).
    [null, /cannot be read \(EISDIR\)/],
  ];
  for (const [contents, message] of cases) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-secrets-'));
    try {
      const file = path.join(dir, 'secrets.json');
      if (contents === null) fs.mkdirSync(file);
      else fs.writeFileSync(file, contents);
      const err = t.throws(() => withGeneratedSecrets(loadConfig({ DATA_DIR: dir })), { instanceOf: ConfigError }, String(contents));
      t.regex(err?.message ?? '', message);
      t.regex(err?.message ?? '', /secrets\.json .*; fix it, or give the value in the environment/);
      t.false((err?.message ?? '').includes('\n'), 'one line');
      if (contents !== null) t.is(fs.readFileSync(file, 'utf8'), contents, 'the file is not replaced');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('previous secret keys come from SECRET_KEY_PREVIOUS, else from secrets.json when its key is the one used', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twostep-secrets-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const [current, old, older] = ['11', '22', '33'].map((byte) => byte.repeat(32));
  fs.writeFileSync(path.join(dir, 'secrets.json'), JSON.stringify({ appKeys: ['app-key-0123456789abcdef'], secretKey: current, secretKeyPrevious: [old], mailAuthToken: 'm'.repeat(40) }));
  const fromFile = withGeneratedSecrets(loadConfig({ DATA_DIR: dir })).config;
  t.deepEqual([fromFile.secretKey!.toString('hex'), ...fromFile.secretKeysPrevious.map((k) => k.toString('hex'))], [current, old]);
  const fromEnv = withGeneratedSecrets(loadConfig({ DATA_DIR: dir, SECRET_KEY_PREVIOUS: `${old}, ${older}` })).config;
  t.deepEqual(fromEnv.secretKeysPrevious.map((k) => k.toString('hex')), [old, older]);
  const ownKey = withGeneratedSecrets(loadConfig({ DATA_DIR: dir, SECRET_KEY: older })).config;
  t.deepEqual(ownKey.secretKeysPrevious, [], "the file's previous keys go with the file's key");
  t.throws(() => loadConfig({ SECRET_KEY_PREVIOUS: `${old},short` }), { instanceOf: ConfigError, message: /^SECRET_KEY_PREVIOUS must be 32 bytes/ });
});
