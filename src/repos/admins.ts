import type { Queryable } from './queryable.js';
import { toTwoFactorState, twoFactorSelect, type TwoFactorState } from './two-factor.js';

/** A WebAdmin (and CLI) administrator. */
export interface AdminRecord {
  id: number;
  name: string;
  passwordHash: string;
  builtin: boolean;
  state: TwoFactorState;
  createdAt: number;
}

function toAdmin(row: Record<string, any>): AdminRecord {
  return {
    id: row.id,
    name: row.name,
    passwordHash: row.password_hash,
    builtin: Boolean(row.builtin),
    state: toTwoFactorState(row),
    createdAt: Number(row.created_at),
  };
}

/** Every column an admin query selects, with the admin's 2-Step Verification state. */
const columns = (q: Queryable) => ['id', 'name', 'password_hash', 'builtin', 'created_at', ...twoFactorSelect(q, 'admin', 'admins.id')];

/** The admin named `name`, or null. */
export async function findAdminByName(q: Queryable, name: string): Promise<AdminRecord | null> {
  const row = await q('admins').where({ name }).first(columns(q));
  return row ? toAdmin(row) : null;
}

/** The admin with `id`, or null. */
export async function findAdminById(q: Queryable, id: number): Promise<AdminRecord | null> {
  const row = await q('admins').where({ id }).first(columns(q));
  return row ? toAdmin(row) : null;
}

/** Every admin by name. */
export async function listAdmins(q: Queryable): Promise<AdminRecord[]> {
  return (await q('admins').orderBy('name').select(columns(q))).map(toAdmin);
}

/** Inserts an admin; answers its id. Throws a unique violation when the name is taken. */
export async function insertAdmin(q: Queryable, name: string, passwordHash: string, builtin: boolean, now: number): Promise<number> {
  const [row] = await q('admins').insert({ name, password_hash: passwordHash, builtin, created_at: now }).returning('id');
  return typeof row === 'object' ? row.id : row;
}

/** Changes an admin's password hash. */
export async function setAdminPassword(q: Queryable, id: number, passwordHash: string): Promise<void> {
  await q('admins').where({ id }).update({ password_hash: passwordHash });
}

/** Deletes an admin with their sessions and recovery codes. */
export async function deleteAdmin(q: Queryable, id: number): Promise<void> {
  await q('sessions').where({ admin_id: id }).delete();
  await q('recovery_codes').where({ admin_id: id }).delete();
  await q('second_factors').where({ admin_id: id }).delete();
  await q('admins').where({ id }).delete();
}
