import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { MAIL_AUTH_TOKEN_PATTERN, type Config } from './config.js';

/** File under the data folder holding generated cookie keys and the secret key. */
export const SECRETS_FILE = 'secrets.json';

/**
 * Fills in APP_KEYS, SECRET_KEY and MAIL_AUTH_TOKEN when they were not given: read from
 * data/secrets.json, or generated there on first start (mode 0600) and reused afterwards.
 */
export function withGeneratedSecrets(config: Readonly<Config>): { config: Readonly<Config>; generated: boolean } {
  if (config.appKeys && config.secretKey && config.mailAuthToken) return { config, generated: false };
  const file = path.join(config.dataDir, SECRETS_FILE);
  let stored: { appKeys?: string[]; secretKey?: string; mailAuthToken?: string } = {};
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, 'utf8'));
  let generated = false;
  if (!stored.appKeys?.length) {
    stored.appKeys = [randomBytes(32).toString('base64url')];
    generated = true;
  }
  if (!stored.secretKey || !/^[0-9a-f]{64}$/.test(stored.secretKey)) {
    stored.secretKey = randomBytes(32).toString('hex');
    generated = true;
  }
  if (!stored.mailAuthToken || !MAIL_AUTH_TOKEN_PATTERN.test(stored.mailAuthToken)) {
    stored.mailAuthToken = randomBytes(32).toString('base64url');
    generated = true;
  }
  if (generated) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
  }
  return {
    config: Object.freeze({
      ...config,
      appKeys: config.appKeys ?? stored.appKeys,
      secretKey: config.secretKey ?? Buffer.from(stored.secretKey, 'hex'),
      mailAuthToken: config.mailAuthToken ?? stored.mailAuthToken,
    }),
    generated,
  };
}
