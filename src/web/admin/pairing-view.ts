import type { Context } from 'koa';
import type { AdminRecord } from '../../services/admins.js';
import { pendingKey, startPairing, type PendingPairing } from '../../services/pairing.js';
import type { WebDeps } from '../deps.js';
import { qrSvg } from '../qr.js';
import { sendPage } from '../render.js';
import { sessionData } from '../session.js';
import { sessionPairing } from '../two-step-session.js';
import { pairingTargetOf } from './two-factor-session.js';

/** Where the pairing form posts and how the admin leaves it (a Cancel link, or sign-out when set-up is mandatory). */
export interface PairingScreen {
  action: string;
  cancelUrl: string | null;
  layout: 'layouts/admin.njk' | 'layouts/public.njk';
}

/** The session's pending pairing, or a new one stored on the session. */
export function ensurePairing(ctx: Context, deps: WebDeps, admin: AdminRecord): PendingPairing {
  const live = sessionPairing(ctx, { kind: 'admin', id: admin.id }, deps.clock.now());
  if (live) return live;
  const pending = startPairing(deps.services, { kind: 'admin', id: admin.id });
  sessionData(ctx).pairing = pending;
  return pending;
}

/** Shows the QR code, the key in groups of four, the otpauth link and "Enter the verification code" with "Next". */
export async function sendPairing(ctx: Context, deps: WebDeps, admin: AdminRecord, screen: PairingScreen, error: string | null = null, status = 200): Promise<void> {
  const pending = ensurePairing(ctx, deps, admin);
  const key = pendingKey(deps.services, pairingTargetOf(admin), pending);
  const qr = await qrSvg(key.uri, `QR code to set up 2-Step Verification for ${key.account}`);
  sendPage(ctx, deps.views, 'admin/two-factor/pair.njk', { ...screen, key, qr, pairingId: pending.id, error }, status);
}
