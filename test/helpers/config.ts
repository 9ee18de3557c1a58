import { loadConfig, type Config } from '../../src/config.js';

/** A complete configuration for tests: fixed keys, a cheap password hash, no CLI port. */
export function testConfig(overrides: Partial<Config> = {}): Readonly<Config> {
  return Object.freeze({
    ...loadConfig({}, '/nonexistent-test-root'),
    appKeys: ['test-app-key-0123456789abcdef'],
    secretKey: Buffer.alloc(32, 7),
    cliPort: 0,
    passwordCost: { N: 2 ** 10, r: 8, p: 1 },
    ...overrides,
  });
}
