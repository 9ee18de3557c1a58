import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, MAIL_AUTH_TOKEN_PATTERN, type Config } from './config.js';

/** File under the data folder holding generated cookie keys and the secret key. */
export const SECRETS_FILE = 'secrets.json';

/** What the file holds; every field is optional (a missing one is generated), none may be malformed. */
interface StoredSecrets {
  appKeys?: string[];
  secretKey?: string;
  /** Keys that still decrypt while secrets are re-encrypted with `secretKey` (`npm run rotate-secrets`). */
  secretKeyPrevious?: string[];
  mailAuthToken?: string;
}

const HEX_KEY = /^[0-9a-f]{64}$/i;

/** Thrown for a file that exists but cannot be used: generating anew would lose every stored secret. */
function unusable(file: string, why: string): ConfigError {
  return new ConfigError(`${file} ${why}; fix it, or give the value in the environment (it is never replaced, since stored 2-Step Verification keys need it)`);
}

function readStored(file: string): StoredSecrets {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw unusable(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw unusable(file, 'is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw unusable(file, 'must hold one JSON object');
  const stored = parsed as Record<string, unknown>;
  const strings = (value: unknown) => Array.isArray(value) && value.every((one) => typeof one === 'string');
  if (stored.appKeys !== undefined && !(strings(stored.appKeys) && (stored.appKeys as string[]).every((key) => key.length >= 16))) {
    throw unusable(file, 'has appKeys that are not a list of keys of at least 16 characters');
  }
  if (stored.secretKey !== undefined && !(typeof stored.secretKey === 'string' && HEX_KEY.test(stored.secretKey))) {
    throw unusable(file, 'has a secretKey that is not 64 hexadecimal digits');
  }
  if (stored.secretKeyPrevious !== undefined && !(strings(stored.secretKeyPrevious) && (stored.secretKeyPrevious as string[]).every((key) => HEX_KEY.test(key)))) {
    throw unusable(file, 'has a secretKeyPrevious that is not a list of keys of 64 hexadecimal digits');
  }
  if (stored.mailAuthToken !== undefined && !(typeof stored.mailAuthToken === 'string' && MAIL_AUTH_TOKEN_PATTERN.test(stored.mailAuthToken))) {
    throw unusable(file, 'has a mailAuthToken that is not 32 to 256 letters, digits, dashes or underscores');
  }
  return stored as StoredSecrets;
}

/**
 * Fills in APP_KEYS, SECRET_KEY (and SECRET_KEY_PREVIOUS) and MAIL_AUTH_TOKEN when they were not
 * given: read from data/secrets.json, or generated there on first start (mode 0600) and reused
 * afterwards. A file that cannot be read, is not JSON or holds a malformed value stops the start
 * (ConfigError): replacing it would make every stored 2-Step Verification key undecryptable.
 */
export function withGeneratedSecrets(config: Readonly<Config>): { config: Readonly<Config>; generated: boolean } {
  if (config.appKeys && config.secretKey && config.mailAuthToken) return { config, generated: false };
  const file = path.join(config.dataDir, SECRETS_FILE);
  const stored = readStored(file);
  let generated = false;
  if (!stored.appKeys?.length) {
    stored.appKeys = [randomBytes(32).toString('base64url')];
    generated = true;
  }
  if (!stored.secretKey) {
    stored.secretKey = randomBytes(32).toString('hex');
    generated = true;
  }
  if (!stored.mailAuthToken) {
    stored.mailAuthToken = randomBytes(32).toString('base64url');
    generated = true;
  }
  if (generated) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
  }
  // The previous keys belong to the current one: those of the file only when its key is the one used.
  const fromFile = !config.secretKey;
  return {
    config: Object.freeze({
      ...config,
      appKeys: config.appKeys ?? stored.appKeys,
      secretKey: config.secretKey ?? Buffer.from(stored.secretKey, 'hex'),
      secretKeysPrevious: fromFile && !config.secretKeysPrevious.length ? (stored.secretKeyPrevious ?? []).map((key) => Buffer.from(key, 'hex')) : config.secretKeysPrevious,
      mailAuthToken: config.mailAuthToken ?? stored.mailAuthToken,
    }),
    generated,
  };
}
