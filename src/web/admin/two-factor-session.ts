import type { SecretBox } from '../../core/secret-box.js';
import type { Context } from 'koa';
import { adminPairingTarget } from '../../services/admin-auth.js';
import type { AdminRecord } from '../../services/admins.js';
import type { PairingTarget } from '../../services/pairing.js';
import { sessionData } from '../session.js';
import { freshCodes } from '../two-step-session.js';
import { ADMIN_BRAND_NAME } from './strings.js';

/** The recovery codes just issued while they may be shown (null when gone); they stay on the session until `forgetFreshCodes`. */
export function freshCodesOf(ctx: Context, box: SecretBox, now: number): string[] | null {
  return freshCodes(ctx, box, now)?.codes ?? null;
}

/** Forgets the recovery codes just issued: the admin said they are saved. */
export function forgetFreshCodes(ctx: Context): void {
  delete sessionData(ctx).freshCodes;
}

/** The pairing target of an admin (issuer "Twostep WebAdmin"). */
export function pairingTargetOf(admin: AdminRecord): PairingTarget {
  return adminPairingTarget(admin, ADMIN_BRAND_NAME);
}

