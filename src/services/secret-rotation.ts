import { SEALED_PATTERN, SecretUnreadableError, type SecretBox } from '../core/secret-box.js';
import { replaceSessionData, resealSecret, SECRET_TABLES, sealedSecretsOf, sessionDataRows, type SecretTable } from '../repos/sealed-secrets.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';

/** What a rotation re-encrypted: TOTP secrets by table, and sealed values held in sessions. */
export interface RotationCount {
  secrets: Record<SecretTable, number>;
  /** Values in sessions (a pairing under way, recovery codes waiting to be shown) sealed again. */
  sessionValues: number;
  /** Values in sessions no key opens; left as they are (they end with their session). */
  sessionValuesUnreadable: number;
}

/** `value` with every sealed string inside it sealed again under the current key; counts into `count`. */
function resealDeep(value: unknown, box: SecretBox, count: { done: number; unreadable: number }): unknown {
  if (typeof value === 'string' && SEALED_PATTERN.test(value)) {
    try {
      const resealed = box.seal(box.open(value));
      count.done++;
      return resealed;
    } catch (err) {
      if (!(err instanceof SecretUnreadableError)) throw err;
      count.unreadable++;
      return value;
    }
  }
  if (Array.isArray(value)) return value.map((one) => resealDeep(one, box, count));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, one]) => [key, resealDeep(one, box, count)]));
  return value;
}

/**
 * Re-encrypts every stored secret under the current SECRET_KEY, in one transaction: the TOTP
 * secrets of accounts and admins (refused, changing nothing, when one cannot be decrypted with
 * SECRET_KEY or SECRET_KEY_PREVIOUS) and the sealed values kept in sessions. Afterwards the
 * previous keys are no longer needed.
 */
export async function rotateSecrets(ctx: ServiceContext): Promise<RotationCount> {
  return ctx.db.transaction(async (trx) => {
    const secrets = { accounts: 0, admins: 0 } as Record<SecretTable, number>;
    const unreadable: string[] = [];
    for (const table of SECRET_TABLES) {
      for (const row of await sealedSecretsOf(trx, table)) {
        let plain: string;
        try {
          plain = ctx.secretBox.open(row.sealed);
        } catch (err) {
          if (!(err instanceof SecretUnreadableError)) throw err;
          unreadable.push(`${table} #${row.ownerId}`);
          continue;
        }
        await resealSecret(trx, row.id, ctx.secretBox.seal(plain));
        secrets[table]++;
      }
    }
    if (unreadable.length) {
      throw new ServiceError(
        'conflict',
        `${unreadable.length} stored secret(s) cannot be decrypted with SECRET_KEY or SECRET_KEY_PREVIOUS (${unreadable.slice(0, 5).join(', ')}${unreadable.length > 5 ? ', …' : ''}); add the key they were stored with to SECRET_KEY_PREVIOUS. Nothing was changed.`,
      );
    }
    const count = { done: 0, unreadable: 0 };
    for (const row of await sessionDataRows(trx)) {
      let data: unknown;
      try {
        data = JSON.parse(row.data);
      } catch {
        continue;
      }
      const before = count.done;
      const resealed = resealDeep(data, ctx.secretBox, count);
      if (count.done > before) await replaceSessionData(trx, row.sid, JSON.stringify(resealed));
    }
    return { secrets, sessionValues: count.done, sessionValuesUnreadable: count.unreadable };
  });
}
