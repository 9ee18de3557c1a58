import type { Context } from 'koa';
import { accountPolicy, type AccountRecord } from '../../services/accounts.js';
import { sessionData } from '../session.js';
import type { Flash } from '../web-context.js';

/** Forgets a pending pairing and any recovery codes still on the session (leaving the flow). */
export function leaveTwoStepFlow(ctx: Context): void {
  const session = sessionData(ctx);
  delete session.pairing;
  delete session.freshCodes;
}

/** Sets the message the next Settings page shows. */
export function flashSettings(ctx: Context, kind: Flash['kind'], text: string): void {
  sessionData(ctx).settingsFlash = { kind, text };
}

/** Takes the pending message off the session. */
export function takeSettingsFlash(ctx: Context): Flash | null {
  const session = sessionData(ctx);
  const flash = session.settingsFlash ?? null;
  if (flash) delete session.settingsFlash;
  return flash;
}

/** Where the account stands: the effective setting, and whether it is paired. */
export function twoStepPosition(account: AccountRecord): { setting: 'disabled' | 'enabled' | 'mandatory'; configured: boolean } {
  const setting = accountPolicy(account).value;
  return { setting, configured: setting !== 'disabled' && account.state.configured };
}

/** Answers 303 See Other to `location` (post/redirect/get, and redirects away from screens that do not apply). */
export function seeOther(ctx: Context, location: string): void {
  ctx.status = 303;
  ctx.redirect(location);
}
