import test from 'ava';
import { ConfigError, loadConfig } from '../src/config.js';

test('defaults: local ports, SQLite under data/, CLI on 7000', (t) => {
  const config = loadConfig({}, '/srv/twostep');
  t.is(config.port, 3000);
  t.is(config.host, '127.0.0.1');
  t.is(config.cliPort, 7000);
  t.is(config.cliHost, '127.0.0.1');
  t.deepEqual(config.database, { kind: 'sqlite', filename: '/srv/twostep/data/twostep.sqlite' });
  t.is(config.appKeys, undefined);
  t.is(config.secretKey, undefined);
  t.true(Object.isFrozen(config));
});

test('accepted values', (t) => {
  const config = loadConfig(
    {
      PORT: '8080',
      CLI_PORT: '0',
      DATABASE_URL: 'postgres://u@db.internal:5432/mail',
      SECRET_KEY: 'ab'.repeat(32),
      APP_KEYS: 'first-key-0123456789,second-key-0123456789',
      TRUST_PROXY: 'true',
      COOKIE_SECURE: 'false',
      WEBMAIL_SESSION_IDLE_TIMEOUT: '5',
    },
    '/srv',
  );
  t.is(config.port, 8080);
  t.is(config.cliPort, 0);
  t.deepEqual(config.database, { kind: 'postgres', url: 'postgres://u@db.internal:5432/mail' });
  t.is(config.secretKey?.length, 32);
  t.deepEqual(config.appKeys, ['first-key-0123456789', 'second-key-0123456789']);
  t.true(config.trustProxy);
  t.false(config.cookieSecure);
  t.is(config.sessionIdleSeconds, 5);
});

const bad: [Record<string, string>, RegExp][] = [
  [{ PORT: 'abc' }, /^PORT /],
  [{ PORT: '70000' }, /^PORT /],
  [{ PORT: '0' }, /^PORT /],
  [{ CLI_PORT: '-1' }, /^CLI_PORT /],
  [{ DATABASE_URL: 'ftp://x' }, /^DATABASE_URL /],
  [{ DATABASE_URL: 'mysql://x/y' }, /^DATABASE_URL /],
  [{ SECRET_KEY: 'abc' }, /^SECRET_KEY /],
  [{ SECRET_KEY: 'ab'.repeat(31) }, /^SECRET_KEY /],
  [{ APP_KEYS: 'short' }, /^APP_KEYS /],
  [{ TRUST_PROXY: 'maybe' }, /^TRUST_PROXY /],
  [{ COOKIE_SECURE: '2' }, /^COOKIE_SECURE /],
  [{ WEBMAIL_SESSION_IDLE_TIMEOUT: 'soon' }, /^WEBMAIL_SESSION_IDLE_TIMEOUT /],
  [{ HOST: 'a b' }, /^HOST /],
];
for (const [env, message] of bad) {
  test(`refused: ${JSON.stringify(env)}`, (t) => {
    const error = t.throws(() => loadConfig(env, '/srv'), { instanceOf: ConfigError });
    t.regex(error!.message, message);
  });
}
