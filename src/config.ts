import path from 'node:path';

/** Which database the product talks to. */
export type DatabaseTarget =
  | { kind: 'sqlite'; filename: string }
  | { kind: 'postgres'; url: string };

/** Cost of the scrypt password hash (OWASP: N=2^17, r=8, p=1). */
export interface PasswordCost {
  N: number;
  r: number;
  p: number;
}

/** A mail server address from MAIL_IMAP_URL or MAIL_SMTP_URL. */
export interface MailEndpoint {
  /** The URL as given, without a trailing slash. */
  url: string;
  host: string;
  port: number;
  /** Implicit TLS (`imaps://`, `smtps://`); plain URLs may still upgrade with STARTTLS. */
  secure: boolean;
}

/** The validated, frozen configuration of one running instance. */
export interface Config {
  port: number;
  host: string;
  database: DatabaseTarget;
  cliPort: number;
  cliHost: string;
  adminPassword: string | undefined;
  /** Cookie signing keys; undefined until generated into the data folder. */
  appKeys: string[] | undefined;
  /** 32-byte key for AES-256-GCM of TOTP secrets; undefined until generated. */
  secretKey: Buffer | undefined;
  /** Earlier secret keys (SECRET_KEY_PREVIOUS) that still decrypt; new secrets are sealed with secretKey only. */
  secretKeysPrevious: Buffer[];
  /** Reverse proxies in front of this instance whose X-Forwarded-* headers are trusted (TRUST_PROXY); 0 = none. */
  proxyHops: number;
  /** true/false forces the Secure cookie flag; undefined follows the request's protocol. */
  cookieSecure: boolean | undefined;
  /** Environment overrides of the WebMail session limits, in seconds. */
  sessionIdleSeconds: number | undefined;
  sessionMaxSeconds: number | undefined;
  dataDir: string;
  brandingDir: string;
  passwordCost: PasswordCost;
  /** IMAP server of the mailboxes (MAIL_IMAP_URL); undefined keeps mail in the built-in store. */
  mailImap: MailEndpoint | undefined;
  /** SMTP submission server WebMail sends through (MAIL_SMTP_URL); set exactly when mailImap is. */
  mailSmtp: MailEndpoint | undefined;
  /** Dovecot master user WebMail signs in as (`alice@example.com*webmail`), MAIL_MASTER_USER. */
  mailMasterUser: string;
  /** Its password (MAIL_MASTER_PASSWORD); required when mailImap is set. */
  mailMasterPassword: string | undefined;
  /** Address of the mail-server lookup listeners (MAIL_AUTH_HOST). */
  mailAuthHost: string;
  /** Port of the HTTP lookup endpoint Dovecot asks (MAIL_AUTH_PORT); 0 = off. */
  mailAuthPort: number;
  /** Port of the socketmap table Postfix asks for domains, mailboxes and senders (MAIL_MAP_PORT); 0 = off. */
  mailMapPort: number;
  /** Shared secret Dovecot sends to the lookup endpoint (MAIL_AUTH_TOKEN); undefined until generated. */
  mailAuthToken: string | undefined;
  /** Longest wait for the IMAP or SMTP server before the mailbox says it is unavailable, in ms (MAIL_TIMEOUT, seconds). */
  mailTimeoutMs: number;
  /** Largest total size of the files attached to one message written in WebMail, in bytes (MAIL_ATTACHMENT_LIMIT_KB). */
  mailAttachmentLimitBytes: number;
}

/** Raised for an invalid environment variable; its message names the variable. */
export class ConfigError extends Error {}

/** OWASP-recommended scrypt parameters. */
export const OWASP_SCRYPT: PasswordCost = Object.freeze({ N: 2 ** 17, r: 8, p: 1 });

/** Reads and validates the environment once; throws ConfigError naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): Readonly<Config> {
  const dataDir = path.resolve(cwd, env.DATA_DIR ?? 'data');
  const config: Config = {
    port: port(env, 'PORT', 3000),
    host: text(env, 'HOST', '127.0.0.1'),
    database: database(env.DATABASE_URL, dataDir),
    cliPort: port(env, 'CLI_PORT', 7000, true),
    cliHost: text(env, 'CLI_HOST', '127.0.0.1'),
    adminPassword: optionalText(env, 'ADMIN_PASSWORD'),
    appKeys: appKeys(env.APP_KEYS),
    secretKey: secretKey(env.SECRET_KEY, 'SECRET_KEY'),
    secretKeysPrevious: previousKeys(env.SECRET_KEY_PREVIOUS),
    proxyHops: proxyHops(env.TRUST_PROXY),
    cookieSecure: bool(env, 'COOKIE_SECURE'),
    sessionIdleSeconds: seconds(env, 'WEBMAIL_SESSION_IDLE_TIMEOUT'),
    sessionMaxSeconds: seconds(env, 'WEBMAIL_SESSION_MAX_LIFETIME'),
    dataDir,
    brandingDir: path.resolve(cwd, env.BRANDING_DIR ?? 'branding'),
    passwordCost: OWASP_SCRYPT,
    ...mailSettings(env),
  };
  return Object.freeze(config);
}

type MailSettings = Pick<
  Config,
  'mailImap' | 'mailSmtp' | 'mailMasterUser' | 'mailMasterPassword' | 'mailAuthHost' | 'mailAuthPort' | 'mailMapPort' | 'mailAuthToken' | 'mailTimeoutMs' | 'mailAttachmentLimitBytes'
>;

/** Default of MAIL_TIMEOUT, in seconds. */
export const DEFAULT_MAIL_TIMEOUT_SECONDS = 10;

/** Default of MAIL_ATTACHMENT_LIMIT_KB: 10 MB of attachments, well within the mail server's 25 MiB after base64. */
export const DEFAULT_MAIL_ATTACHMENT_LIMIT_KB = 10 * 1024;

function mailSettings(env: NodeJS.ProcessEnv): MailSettings {
  const mailImap = mailEndpoint(env, 'MAIL_IMAP_URL', { imap: 143, imaps: 993 });
  const mailSmtp = mailEndpoint(env, 'MAIL_SMTP_URL', { smtp: 587, smtps: 465 });
  if (mailImap && !mailSmtp) throw new ConfigError('MAIL_SMTP_URL is required when MAIL_IMAP_URL is set (WebMail sends through it)');
  if (mailSmtp && !mailImap) throw new ConfigError('MAIL_SMTP_URL needs MAIL_IMAP_URL too (the built-in store cannot send)');
  const mailMasterUser = text(env, 'MAIL_MASTER_USER', 'webmail');
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(mailMasterUser)) {
    throw new ConfigError(`MAIL_MASTER_USER must be 1 to 64 letters, digits, dots, dashes or underscores (got "${mailMasterUser}")`);
  }
  const mailMasterPassword = optionalText(env, 'MAIL_MASTER_PASSWORD');
  if (mailImap && !mailMasterPassword) throw new ConfigError('MAIL_MASTER_PASSWORD is required when MAIL_IMAP_URL is set');
  if (mailMasterPassword && /[\x00-\x1f\x7f]/.test(mailMasterPassword)) throw new ConfigError('MAIL_MASTER_PASSWORD must not contain control characters');
  const mailAuthToken = optionalText(env, 'MAIL_AUTH_TOKEN');
  if (mailAuthToken !== undefined && !MAIL_AUTH_TOKEN_PATTERN.test(mailAuthToken)) {
    throw new ConfigError('MAIL_AUTH_TOKEN must be 32 to 256 letters, digits, dashes or underscores');
  }
  return {
    mailImap,
    mailSmtp,
    mailMasterUser,
    mailMasterPassword,
    mailAuthHost: text(env, 'MAIL_AUTH_HOST', '127.0.0.1'),
    mailAuthPort: port(env, 'MAIL_AUTH_PORT', 0, true),
    mailMapPort: port(env, 'MAIL_MAP_PORT', 0, true),
    mailAuthToken,
    mailTimeoutMs: (seconds(env, 'MAIL_TIMEOUT', 600) ?? DEFAULT_MAIL_TIMEOUT_SECONDS) * 1000,
    mailAttachmentLimitBytes: (whole(env, 'MAIL_ATTACHMENT_LIMIT_KB', 1, 18 * 1024) ?? DEFAULT_MAIL_ATTACHMENT_LIMIT_KB) * 1024,
  };
}

function whole(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

/** What a mail lookup token may look like: it travels in an HTTP header and a Lua string unescaped. */
export const MAIL_AUTH_TOKEN_PATTERN = /^[A-Za-z0-9_-]{32,256}$/;

function mailEndpoint(env: NodeJS.ProcessEnv, name: string, schemes: Record<string, number>): MailEndpoint | undefined {
  const raw = optionalText(env, name);
  if (raw === undefined) return undefined;
  const names = Object.keys(schemes).map((scheme) => `${scheme}://`).join(' or ');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL starting with ${names} (got "${raw}")`);
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (!(scheme in schemes) || !url.hostname) throw new ConfigError(`${name} must be a URL starting with ${names} (got "${raw}")`);
  if (url.username || url.password) throw new ConfigError(`${name} must not hold credentials: WebMail signs in as MAIL_MASTER_USER`);
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash) throw new ConfigError(`${name} must name only a host and a port (got "${raw}")`);
  const port = url.port ? Number(url.port) : schemes[scheme];
  return { url: `${scheme}://${url.host}`, host: url.hostname.replace(/^\[|\]$/g, ''), port, secure: scheme.endsWith('s') };
}

function text(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (/\s/.test(value)) throw new ConfigError(`${name} must not contain spaces (got "${value}")`);
  return value;
}

function optionalText(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number, zeroAllowed = false): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  const min = zeroAllowed ? 0 : 1;
  if (!(value >= min && value <= 65535)) {
    throw new ConfigError(`${name} must be a port number from ${min} to 65535 (got "${raw}")`);
  }
  return value;
}

function bool(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '' || raw === 'auto') return undefined;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}")`);
}

/** Most proxy hops TRUST_PROXY may name. */
export const MAX_PROXY_HOPS = 10;

function proxyHops(raw: string | undefined): number {
  if (raw === undefined || raw === '' || /^(false|no|off)$/i.test(raw)) return 0;
  if (/^(true|yes|on)$/i.test(raw)) return 1;
  const hops = /^\d{1,2}$/.test(raw) ? Number(raw) : NaN;
  if (hops >= 0 && hops <= MAX_PROXY_HOPS) return hops;
  throw new ConfigError(`TRUST_PROXY must be true (one proxy), false, or the number of proxies in front, 0 to ${MAX_PROXY_HOPS} (got "${raw}")`);
}

function seconds(env: NodeJS.ProcessEnv, name: string, max = 999_999_999): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    const most = max < 999_999_999 ? ` and at most ${max}` : '';
    throw new ConfigError(`${name} must be a whole number of seconds, at least 1${most} (got "${raw}")`);
  }
  return Number(raw);
}

function database(raw: string | undefined, dataDir: string): DatabaseTarget {
  if (raw === undefined || raw === '') return { kind: 'sqlite', filename: path.join(dataDir, 'twostep.sqlite') };
  if (/^postgres(ql)?:\/\//.test(raw)) {
    try {
      new URL(raw);
    } catch {
      throw new ConfigError(`DATABASE_URL is not a valid postgres:// URL`);
    }
    return { kind: 'postgres', url: raw };
  }
  if (raw.startsWith('sqlite:')) return { kind: 'sqlite', filename: sqlitePath(raw.slice('sqlite:'.length)) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    throw new ConfigError(`DATABASE_URL must be a SQLite file path or a postgres:// URL (got "${raw.split('://')[0]}://…")`);
  }
  return { kind: 'sqlite', filename: sqlitePath(raw) };
}

function sqlitePath(raw: string): string {
  return raw === ':memory:' ? raw : path.resolve(raw.replace(/^\/\//, ''));
}

function appKeys(raw: string | undefined): string[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  const keys = raw.split(',').map((key) => key.trim());
  if (keys.some((key) => key.length < 16)) {
    throw new ConfigError('APP_KEYS must be a comma-separated list of keys of at least 16 characters each');
  }
  return keys;
}

function secretKey(raw: string | undefined, name: string): Buffer | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (/^[0-9a-f]{64}$/i.test(raw)) return Buffer.from(raw, 'hex');
  const decoded = /^[A-Za-z0-9+/]{43}=?$/.test(raw) ? Buffer.from(raw, 'base64') : Buffer.alloc(0);
  if (decoded.length === 32) return decoded;
  throw new ConfigError(`${name} must be 32 bytes written as 64 hexadecimal digits (or base64)${name === 'SECRET_KEY' ? '' : ', comma-separated'}`);
}

function previousKeys(raw: string | undefined): Buffer[] {
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((key) => secretKey(key.trim(), 'SECRET_KEY_PREVIOUS') ?? Buffer.alloc(0)).map((key) => {
    if (key.length !== 32) throw new ConfigError('SECRET_KEY_PREVIOUS must be 32 bytes written as 64 hexadecimal digits (or base64), comma-separated');
    return key;
  });
}
