import type { ResolvedPolicy } from './policy.js';

/** An account's 2-Step Verification status as lists show it. */
export type TwoFactorStatus = 'not_enabled' | 'not_configured' | 'configured' | 'locked';

/** Words for each status. */
export const STATUS_LABELS: Record<TwoFactorStatus, string> = {
  not_enabled: 'not enabled',
  not_configured: 'enabled, not configured',
  configured: 'configured',
  locked: 'locked',
};

/** The status from the effective policy and the stored state at `now` (ms). */
export function twoFactorStatus(
  policy: ResolvedPolicy,
  state: { configured: boolean; lockedUntil: number | null },
  now: number,
): TwoFactorStatus {
  if (state.lockedUntil !== null && state.lockedUntil > now) return 'locked';
  if (policy.value === 'disabled') return 'not_enabled';
  return state.configured ? 'configured' : 'not_configured';
}

/** True when logging in must pass the challenge: 2-Step Verification is on for the account and a device is paired. */
export function challengeRequired(policy: ResolvedPolicy, state: { configured: boolean }): boolean {
  return policy.value !== 'disabled' && state.configured;
}

/** True when the account must pair before anything else. */
export function setupRequired(policy: ResolvedPolicy, state: { configured: boolean }): boolean {
  return policy.value === 'mandatory' && !state.configured;
}

/**
 * True when a mail client may not sign in with the account password alone, only with an app
 * password: 2-Step Verification is on and paired, or it is mandatory (paired or not yet).
 */
export function appPasswordRequired(policy: ResolvedPolicy, state: { configured: boolean }): boolean {
  return policy.value === 'mandatory' || challengeRequired(policy, state);
}
