import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Encrypts and decrypts short secrets (TOTP keys) with AES-256-GCM under one 32-byte key. */
export interface SecretBox {
  /** Ciphertext as `v1.<iv>.<tag>.<data>` (base64url parts), always under the current key. */
  seal(plaintext: string): string;
  /** The plaintext, under the current key or a previous one; throws SecretUnreadableError when none opens it. */
  open(sealed: string): string;
}

/** A stored secret that no configured key decrypts (SECRET_KEY changed without its previous value), or damaged. */
export class SecretUnreadableError extends Error {
  constructor() {
    super('a stored secret cannot be decrypted with SECRET_KEY or SECRET_KEY_PREVIOUS');
    this.name = 'SecretUnreadableError';
  }
}

/** What a sealed value looks like (to find them inside stored data). */
export const SEALED_PATTERN = /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]*$/;

function openWith(key: Buffer, iv: string, tag: string, data: string): string | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/**
 * A SecretBox sealing with `key` and opening with it or any of `previous` (each exactly 32 bytes),
 * so SECRET_KEY can change while stored secrets are re-encrypted.
 */
export function createSecretBox(key: Buffer, previous: readonly Buffer[] = []): SecretBox {
  if ([key, ...previous].some((one) => one.length !== 32)) throw new Error('the secret key must be 32 bytes');
  const keys = [key, ...previous];
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), data].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
    },
    open(sealed) {
      const [version, iv, tag, data] = sealed.split('.');
      if (version === 'v1' && iv && tag && data !== undefined) {
        for (const one of keys) {
          const plain = openWith(one, iv, tag, data);
          if (plain !== null) return plain;
        }
      }
      throw new SecretUnreadableError();
    },
  };
}
