import { recordAudit, type Actor } from '../repos/audit.js';
import { getServerSettings, updateServerSettings, type ServerSettings } from '../repos/server-settings.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';

export type { ServerSettings };

/** Shortest and longest idle timeout, in seconds (1 minute to 24 hours). */
export const IDLE_RANGE = { min: 60, max: 24 * 60 * 60 } as const;
/** Longest maximum session lifetime, in seconds (30 days); it is never shorter than the idle timeout. */
export const MAX_LIFETIME = 30 * 24 * 60 * 60;

/** The server settings as stored, before any override from the environment (see the settings cache). */
export function storedServerSettings(ctx: ServiceContext): Promise<ServerSettings> {
  return getServerSettings(ctx.db);
}

/** The session limits and the admin 2-Step Verification rule an admin can change. */
export type SettingsChange = Pick<ServerSettings, 'sessionIdleSeconds' | 'sessionMaxSeconds' | 'adminSessionIdleSeconds' | 'adminSessionMaxSeconds' | 'adminTwoFactorMandatory'>;

function checkLimits(idle: number, max: number, fields: { idle: keyof SettingsChange; max: keyof SettingsChange }): void {
  if (!Number.isInteger(idle) || idle < IDLE_RANGE.min || idle > IDLE_RANGE.max) {
    throw new ServiceError('invalid', 'The idle timeout must be from 1 minute to 24 hours (1 to 1440 minutes).', fields.idle);
  }
  if (!Number.isInteger(max) || max > MAX_LIFETIME) throw new ServiceError('invalid', 'The maximum lifetime must be at most 30 days (43200 minutes).', fields.max);
  if (max < idle) throw new ServiceError('invalid', 'The maximum lifetime cannot be shorter than the idle timeout.', fields.max);
}

/** Words for the audit log: what changed, from what to what. */
function describeChanges(before: ServerSettings, after: SettingsChange): string {
  return (Object.keys(after) as (keyof SettingsChange)[])
    .filter((key) => before[key] !== after[key])
    .map((key) => `${key}: ${before[key]} → ${after[key]}`)
    .join(', ');
}

/**
 * Validates and saves the server settings in one transaction with an audit record; answers what
 * changed ('' when nothing did). The caller refreshes its settings cache.
 */
export async function saveServerSettings(ctx: ServiceContext, actor: Actor, change: SettingsChange): Promise<string> {
  checkLimits(change.sessionIdleSeconds, change.sessionMaxSeconds, { idle: 'sessionIdleSeconds', max: 'sessionMaxSeconds' });
  checkLimits(change.adminSessionIdleSeconds, change.adminSessionMaxSeconds, { idle: 'adminSessionIdleSeconds', max: 'adminSessionMaxSeconds' });
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const detail = describeChanges(await getServerSettings(trx), change);
    if (!detail) return '';
    await updateServerSettings(trx, change);
    await recordAudit(trx, { actor, event: 'server.changed', detail }, now);
    return detail;
  });
}
