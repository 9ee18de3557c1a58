import type { Queryable } from './queryable.js';

/** Server-wide settings (WebMail and WebAdmin session limits, admin 2-Step Verification). */
export interface ServerSettings {
  sessionIdleSeconds: number;
  sessionMaxSeconds: number;
  adminSessionIdleSeconds: number;
  adminSessionMaxSeconds: number;
  adminTwoFactorMandatory: boolean;
}

/** Reads the single settings row. */
export async function getServerSettings(q: Queryable): Promise<ServerSettings> {
  const row = await q('server_settings').where({ id: 1 }).first();
  return {
    sessionIdleSeconds: row.session_idle_seconds,
    sessionMaxSeconds: row.session_max_seconds,
    adminSessionIdleSeconds: row.admin_session_idle_seconds,
    adminSessionMaxSeconds: row.admin_session_max_seconds,
    adminTwoFactorMandatory: Boolean(row.admin_two_factor_mandatory),
  };
}

/** Writes the given settings. */
export async function updateServerSettings(q: Queryable, patch: Partial<ServerSettings>): Promise<void> {
  const row: Record<string, unknown> = {};
  if (patch.sessionIdleSeconds !== undefined) row.session_idle_seconds = patch.sessionIdleSeconds;
  if (patch.sessionMaxSeconds !== undefined) row.session_max_seconds = patch.sessionMaxSeconds;
  if (patch.adminSessionIdleSeconds !== undefined) row.admin_session_idle_seconds = patch.adminSessionIdleSeconds;
  if (patch.adminSessionMaxSeconds !== undefined) row.admin_session_max_seconds = patch.adminSessionMaxSeconds;
  if (patch.adminTwoFactorMandatory !== undefined) row.admin_two_factor_mandatory = patch.adminTwoFactorMandatory;
  if (Object.keys(row).length > 0) await q('server_settings').where({ id: 1 }).update(row);
}
