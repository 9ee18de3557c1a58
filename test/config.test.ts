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
  t.is(config.proxyHops, 1);
  t.false(config.cookieSecure);
  t.is(config.sessionIdleSeconds, 5);
});

test('TRUST_PROXY: unset or false trusts no proxy, true one hop, a number that many', (t) => {
  const cases: [string | undefined, number][] = [[undefined, 0], ['', 0], ['false', 0], ['0', 0], ['true', 1], ['yes', 1], ['1', 1], ['2', 2], ['10', 10]];
  for (const [raw, hops] of cases) t.is(loadConfig(raw === undefined ? {} : { TRUST_PROXY: raw }, '/srv').proxyHops, hops, `TRUST_PROXY=${raw}`);
});

test('mail server: built-in store by default, lookups off, master user webmail', (t) => {
  const config = loadConfig({}, '/srv');
  t.is(config.mailImap, undefined);
  t.is(config.mailSmtp, undefined);
  t.is(config.mailMasterUser, 'webmail');
  t.is(config.mailMasterPassword, undefined);
  t.is(config.mailAuthHost, '127.0.0.1');
  t.is(config.mailAuthPort, 0);
  t.is(config.mailMapPort, 0);
  t.is(config.mailAuthToken, undefined);
  t.is(config.mailTimeoutMs, 10_000);
  t.is(config.mailAttachmentLimitBytes, 10 * 1024 * 1024);
  t.like(loadConfig({ MAIL_TIMEOUT: '3', MAIL_ATTACHMENT_LIMIT_KB: '512' }, '/srv'), { mailTimeoutMs: 3000, mailAttachmentLimitBytes: 512 * 1024 });
});

test('mail server: IMAP and SMTP URLs with default ports, master credentials and lookup ports', (t) => {
  const token = 'tok_'.repeat(10);
  const config = loadConfig(
    {
      MAIL_IMAP_URL: 'imaps://mail.example.com',
      MAIL_SMTP_URL: 'smtp://127.0.0.1:10587/',
      MAIL_MASTER_USER: 'web.mail',
      MAIL_MASTER_PASSWORD: 'master secret',
      MAIL_AUTH_HOST: '127.0.0.2',
      MAIL_AUTH_PORT: '7100',
      MAIL_MAP_PORT: '7101',
      MAIL_AUTH_TOKEN: token,
    },
    '/srv',
  );
  t.deepEqual(config.mailImap, { url: 'imaps://mail.example.com', host: 'mail.example.com', port: 993, secure: true });
  t.deepEqual(config.mailSmtp, { url: 'smtp://127.0.0.1:10587', host: '127.0.0.1', port: 10587, secure: false });
  t.is(config.mailMasterUser, 'web.mail');
  t.is(config.mailMasterPassword, 'master secret');
  t.is(config.mailAuthHost, '127.0.0.2');
  t.is(config.mailAuthPort, 7100);
  t.is(config.mailMapPort, 7101);
  t.is(config.mailAuthToken, token);
  t.deepEqual(loadConfig({ MAIL_IMAP_URL: 'imap://[::1]', MAIL_SMTP_URL: 'smtps://[::1]', MAIL_MASTER_PASSWORD: 'm' }, '/srv').mailSmtp, {
    url: 'smtps://[::1]',
    host: '::1',
    port: 465,
    secure: true,
  });
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
  [{ TRUST_PROXY: '11' }, /^TRUST_PROXY .*0 to 10/],
  [{ TRUST_PROXY: '-1' }, /^TRUST_PROXY /],
  [{ COOKIE_SECURE: '2' }, /^COOKIE_SECURE /],
  [{ WEBMAIL_SESSION_IDLE_TIMEOUT: 'soon' }, /^WEBMAIL_SESSION_IDLE_TIMEOUT /],
  [{ HOST: 'a b' }, /^HOST /],
  [{ MAIL_IMAP_URL: 'http://127.0.0.1:143', MAIL_SMTP_URL: 'smtp://127.0.0.1', MAIL_MASTER_PASSWORD: 'm' }, /^MAIL_IMAP_URL must be a URL starting with imap:\/\/ or imaps:\/\//],
  [{ MAIL_IMAP_URL: 'imap://', MAIL_SMTP_URL: 'smtp://127.0.0.1', MAIL_MASTER_PASSWORD: 'm' }, /^MAIL_IMAP_URL /],
  [{ MAIL_IMAP_URL: 'imap://u:p@127.0.0.1', MAIL_SMTP_URL: 'smtp://127.0.0.1', MAIL_MASTER_PASSWORD: 'm' }, /^MAIL_IMAP_URL must not hold credentials/],
  [{ MAIL_IMAP_URL: 'imap://127.0.0.1/INBOX', MAIL_SMTP_URL: 'smtp://127.0.0.1', MAIL_MASTER_PASSWORD: 'm' }, /^MAIL_IMAP_URL must name only/],
  [{ MAIL_IMAP_URL: 'imap://127.0.0.1:99999', MAIL_SMTP_URL: 'smtp://127.0.0.1', MAIL_MASTER_PASSWORD: 'm' }, /^MAIL_IMAP_URL /],
  [{ MAIL_IMAP_URL: 'imap://127.0.0.1', MAIL_MASTER_PASSWORD: 'm' }, /^MAIL_SMTP_URL is required/],
  [{ MAIL_SMTP_URL: 'smtp://127.0.0.1' }, /^MAIL_SMTP_URL needs MAIL_IMAP_URL/],
  [{ MAIL_IMAP_URL: 'imap://127.0.0.1', MAIL_SMTP_URL: 'imap://127.0.0.1' , MAIL_MASTER_PASSWORD: 'm' }, /^MAIL_SMTP_URL must be a URL starting with smtp:\/\/ or smtps:\/\//],
  [{ MAIL_IMAP_URL: 'imap://127.0.0.1', MAIL_SMTP_URL: 'smtp://127.0.0.1' }, /^MAIL_MASTER_PASSWORD is required/],
  [{ MAIL_MASTER_USER: 'web*mail' }, /^MAIL_MASTER_USER /],
  [{ MAIL_AUTH_PORT: '65536' }, /^MAIL_AUTH_PORT /],
  [{ MAIL_MAP_PORT: 'x' }, /^MAIL_MAP_PORT /],
  [{ MAIL_AUTH_TOKEN: 'short' }, /^MAIL_AUTH_TOKEN /],
  [{ MAIL_TIMEOUT: '0' }, /^MAIL_TIMEOUT /],
  [{ MAIL_TIMEOUT: '601' }, /^MAIL_TIMEOUT must be a whole number of seconds, at least 1 and at most 600/],
  [{ MAIL_ATTACHMENT_LIMIT_KB: '0' }, /^MAIL_ATTACHMENT_LIMIT_KB must be a whole number from 1 to 18432/],
  [{ MAIL_ATTACHMENT_LIMIT_KB: '20000' }, /^MAIL_ATTACHMENT_LIMIT_KB /],
  [{ MAIL_AUTH_TOKEN: 'a"'.repeat(20) }, /^MAIL_AUTH_TOKEN /],
];
for (const [env, message] of bad) {
  test(`refused: ${JSON.stringify(env)}`, (t) => {
    const error = t.throws(() => loadConfig(env, '/srv'), { instanceOf: ConfigError });
    t.regex(error!.message, message);
  });
}
