import { checkDeviceName } from '../core/device-names.js';
import { diagnoseDrift } from '../core/drift.js';
import { recordAudit, type Actor } from '../repos/audit.js';
import { listSecondFactors, type SecondFactorRecord } from '../repos/second-factors.js';
import { getTwoFactorState, lockSubject, type TwoFactorSubject } from '../repos/two-factor.js';
import type { ServiceContext } from './context.js';
import { pairDevice } from './device-pairing.js';
import { ServiceError } from './errors.js';
import { keyOpContext, notifyTarget } from './key-op.js';
import { checkPendingCode, PAIRING_TEXT, type PairingTarget, type PendingPairing } from './pairing.js';
import { deviceLabel, removeDevice, type KeyTarget } from './two-factor-keys.js';

/** One device as lists show it (Settings, WebAdmin, the CLI). */
export interface DeviceView {
  id: number;
  name: string;
  kind: SecondFactorRecord['kind'];
  /** "Authenticator app", "Security key or passkey". */
  kindText: string;
  configured: boolean;
  /** ms since the epoch. */
  addedAt: number;
  lastUsedAt: number | null;
  /** The typical clock offset of the device's recent codes in words, or null before any code. */
  driftText: string | null;
  /** A warning when most of its recent codes sat at the edge of the accepted window. */
  driftWarning: string | null;
}

const KIND_TEXT = { totp: 'Authenticator app', webauthn: 'Security key or passkey' } as const;

/** The drift diagnosis of a device's recent codes (the last one alone for keys kept before histories were). */
export function driftWords(device: Pick<SecondFactorRecord, 'driftHistory' | 'lastDrift'>): { driftText: string | null; driftWarning: string | null } {
  const history = device.driftHistory.length || device.lastDrift === null ? device.driftHistory : [device.lastDrift];
  const diagnosis = diagnoseDrift(history);
  if (!diagnosis) return { driftText: null, driftWarning: null };
  const basis = diagnosis.codes === 1 ? 'from the last code' : `typical of the last ${diagnosis.codes} codes`;
  return { driftText: `${diagnosis.text}, ${basis}`, driftWarning: diagnosis.warning };
}

function toView(device: SecondFactorRecord): DeviceView {
  return {
    id: device.id,
    name: device.name,
    kind: device.kind,
    kindText: KIND_TEXT[device.kind],
    configured: device.configured,
    addedAt: device.createdAt,
    lastUsedAt: device.lastUsedAt,
    ...driftWords(device),
  };
}

/** The subject's devices, oldest first. */
export async function listDevices(ctx: ServiceContext, subject: TwoFactorSubject): Promise<DeviceView[]> {
  return (await listSecondFactors(ctx.db, subject)).map(toView);
}

/**
 * Confirms a device added in Configure: the session's pending pairing (its own new key) with a code
 * from it and the name the user gave. In one transaction the device is stored beside the others with
 * the code's step (not replayable), the audit log and the mailbox are told, naming it. Refused unless
 * 2-Step Verification is already on (the first device is paired by turning it on).
 */
export async function confirmNewDevice(ctx: ServiceContext, actor: Actor, target: PairingTarget, pending: PendingPairing | null, pairingId: string, rawName: string, code: string): Promise<DeviceView> {
  const named = checkDeviceName(rawName);
  if (!named.ok) throw new ServiceError('invalid', named.message, 'deviceName');
  const now = ctx.clock.now();
  const { live, check } = checkPendingCode(ctx, target.subject, pending, pairingId, code, now);
  return ctx.db.transaction(async (trx) => {
    await lockSubject(trx, target.subject);
    if (!(await getTwoFactorState(trx, target.subject))?.configured) throw new ServiceError('conflict', PAIRING_TEXT.notOn);
    const id = await pairDevice(trx, target.subject, { name: named.value, sealed: live.sealed }, check, now);
    const c = keyOpContext(ctx, trx, actor, now);
    const label = deviceLabel({ id, name: named.value });
    await recordAudit(trx, { actor, domain: target.domain, subject: target.label, event: 'device.added', detail: `device ${label}` }, now);
    await notifyTarget(c, target, 'device_added', `The new device is ${label}.`);
    const added = (await listSecondFactors(trx, target.subject)).find((one) => one.id === id)!;
    return toView(added);
  });
}

/** Removes one device (the user in Settings, or an admin), in one transaction; answers it. See removeDevice for the refusals. */
export async function removeOneDevice(ctx: ServiceContext, actor: Actor, target: KeyTarget, id: number): Promise<DeviceView> {
  return ctx.db.transaction(async (trx) => toView(await removeDevice(keyOpContext(ctx, trx, actor), target, id)));
}
