/** Outcome of checking an admin-provisioned secret key. */
export type ProvisionedKeyResult = { ok: true; key: string } | { ok: false; message: string };

/** Message shown when a provisioned key is refused. */
export const PROVISIONED_KEY_RULE =
  'The secret key must be exactly 16 characters: capital letters A–Z and digits 2–7.';

/** Upper-cases, drops spaces, then requires exactly 16 characters of A–Z and 2–7. */
export function normalizeProvisionedKey(input: string): ProvisionedKeyResult {
  const key = input.replace(/\s+/g, '').toUpperCase();
  if (key.length === 0) return { ok: false, message: `No secret key given. ${PROVISIONED_KEY_RULE}` };
  if (key.length !== 16) return { ok: false, message: `The key has ${key.length} characters. ${PROVISIONED_KEY_RULE}` };
  const bad = key.match(/[^A-Z2-7]/);
  if (bad) return { ok: false, message: `The key contains "${bad[0]}". ${PROVISIONED_KEY_RULE}` };
  return { ok: true, key };
}

/** A secret split in groups of four for reading aloud or typing ("JBSW Y3DP …"). */
export function groupKey(key: string): string {
  return key.replace(/(.{4})(?=.)/g, '$1 ');
}
