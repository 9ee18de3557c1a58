import { parseDriftHistory } from '../core/drift.js';
import type { Queryable } from './queryable.js';
import type { TwoFactorSubject } from './two-factor.js';

/** What a second factor is: an authenticator app (TOTP), or a security key or passkey (WebAuthn). */
export type SecondFactorKind = 'totp' | 'webauthn';

/** What a security key or passkey (kind 'webauthn') stores besides its name. */
export interface SecurityKeyFields {
  /** The credential id, base64url. */
  credentialId: string;
  /** The COSE public key, base64url. */
  publicKey: string;
  /** The last sign counter accepted (0 for keys that keep none). */
  signCount: number;
  /** What the browser said the key speaks over ("usb", "internal", …). */
  transports: string[];
  /** The relying party id (WebMail host name) it was registered for. */
  rpId: string;
}

/** One stored second factor (a "device") of an account or admin. */
export interface SecondFactorRecord {
  id: number;
  kind: SecondFactorKind;
  name: string;
  /** The TOTP secret, sealed with the secret box. */
  secretSealed: string | null;
  /** Paired and confirmed (a key reset leaves one that is not). */
  configured: boolean;
  configuredAt: number | null;
  /** ms since the epoch. */
  createdAt: number;
  lastUsedAt: number | null;
  /** The last accepted time step of this device (its replay guard). */
  lastStep: number | null;
  lastDrift: number | null;
  /** Offsets of this device's last accepted codes, oldest first (core/drift). */
  driftHistory: number[];
  /** Set for kind 'webauthn' only. */
  securityKey: SecurityKeyFields | null;
}

/** The column that names a subject's rows. */
export const OWNER_COLUMN = { account: 'account_id', admin: 'admin_id' } as const;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toFactor(row: Record<string, any>): SecondFactorRecord {
  return {
    id: Number(row.id),
    kind: row.kind,
    name: row.name,
    secretSealed: row.secret_enc ?? null,
    configured: Boolean(row.configured),
    configuredAt: num(row.configured_at),
    createdAt: Number(row.created_at),
    lastUsedAt: num(row.last_used_at),
    lastStep: num(row.last_step),
    lastDrift: num(row.last_drift),
    driftHistory: parseDriftHistory(row.drift_history),
    securityKey: row.kind === 'webauthn'
      ? { credentialId: row.credential_id, publicKey: row.public_key, signCount: Number(row.sign_count ?? 0), transports: row.transports ? String(row.transports).split(',') : [], rpId: row.rp_id }
      : null,
  };
}

function ofSubject(q: Queryable, subject: TwoFactorSubject) {
  return q('second_factors').where({ [OWNER_COLUMN[subject.kind]]: subject.id });
}

/** The subject's second factors, oldest first. */
export async function listSecondFactors(q: Queryable, subject: TwoFactorSubject): Promise<SecondFactorRecord[]> {
  return (await ofSubject(q, subject).orderBy('id')).map(toFactor);
}

/** The subject's paired second factors of `kind`, oldest first (what the challenge checks a code against). */
export async function configuredFactors(q: Queryable, subject: TwoFactorSubject, kind: SecondFactorKind): Promise<SecondFactorRecord[]> {
  return (await ofSubject(q, subject).where({ kind, configured: true }).orderBy('id')).map(toFactor);
}

/** The subject's second factor `id`, or null when it has none by that id. */
export async function findSecondFactor(q: Queryable, subject: TwoFactorSubject, id: number): Promise<SecondFactorRecord | null> {
  const row = await ofSubject(q, subject).where({ id }).first();
  return row ? toFactor(row) : null;
}

/** Adds a TOTP device with a sealed secret; answers its id. */
export async function insertTotpFactor(q: Queryable, subject: TwoFactorSubject, fields: { name: string; sealed: string; configured: boolean }, now: number): Promise<number> {
  const [row] = await q('second_factors')
    .insert({
      [OWNER_COLUMN[subject.kind]]: subject.id,
      kind: 'totp',
      name: fields.name,
      secret_enc: fields.sealed,
      configured: fields.configured,
      configured_at: fields.configured ? now : null,
      created_at: now,
    })
    .returning('id');
  return Number(typeof row === 'object' ? row.id : row);
}

/** Adds a paired security key or passkey; answers its id. */
export async function insertSecurityKey(q: Queryable, subject: TwoFactorSubject, name: string, key: SecurityKeyFields, now: number): Promise<number> {
  const [row] = await q('second_factors')
    .insert({
      [OWNER_COLUMN[subject.kind]]: subject.id,
      kind: 'webauthn',
      name,
      configured: true,
      configured_at: now,
      created_at: now,
      credential_id: key.credentialId,
      public_key: key.publicKey,
      sign_count: key.signCount,
      transports: key.transports.join(',') || null,
      rp_id: key.rpId,
    })
    .returning('id');
  return Number(typeof row === 'object' ? row.id : row);
}

/** Whether any subject already has the credential id (a key is registered once). */
export async function credentialTaken(q: Queryable, credentialId: string): Promise<boolean> {
  return Boolean(await q('second_factors').where({ credential_id: credentialId }).first('id'));
}

/**
 * Records a use of security key `id` with sign counter `count` only if it moved on from the stored one
 * (or both are 0: a key that keeps no counter); answers false when it did not, which means a cloned
 * key or a request that got there first.
 */
export async function acceptSignCount(q: Queryable, id: number, count: number, now: number): Promise<boolean> {
  const changed = await q('second_factors')
    .where({ id, kind: 'webauthn' })
    .where((w) => (count === 0 ? w.where('sign_count', 0) : w.where('sign_count', '<', count)))
    .update({ sign_count: count, last_used_at: now });
  return changed === 1;
}

/** Removes one second factor of the subject; answers whether it was there. */
export async function deleteSecondFactor(q: Queryable, subject: TwoFactorSubject, id: number): Promise<boolean> {
  return (await ofSubject(q, subject).where({ id }).delete()) === 1;
}

/** Removes every second factor of the subject (`onlyUnpaired`: just those not confirmed). */
export async function deleteSecondFactors(q: Queryable, subject: TwoFactorSubject, onlyUnpaired = false): Promise<void> {
  const rows = ofSubject(q, subject);
  await (onlyUnpaired ? rows.where({ configured: false }) : rows).delete();
}

/** Marks every unpaired second factor of the subject as paired; answers how many. */
export async function confirmUnpairedFactors(q: Queryable, subject: TwoFactorSubject, now: number): Promise<number> {
  return ofSubject(q, subject).where({ configured: false }).update({ configured: true, configured_at: now });
}

/**
 * Records an accepted code of device `id` at `step` only if no code of that device at that step or
 * later was accepted before: answers false when another request got there first (the per-device
 * replay guard, atomic across instances). `history` is the stored drift history after this code.
 */
export async function acceptFactorStep(q: Queryable, id: number, step: number, drift: number, history: string, now: number): Promise<boolean> {
  const changed = await q('second_factors')
    .where({ id })
    .where((w) => w.whereNull('last_step').orWhere('last_step', '<', step))
    .update({ last_step: step, last_drift: drift, drift_history: history, last_used_at: now });
  return changed === 1;
}
