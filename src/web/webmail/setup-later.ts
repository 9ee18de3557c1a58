import type { Context } from 'koa';
import { ServiceError } from '../../services/errors.js';
import { deadlineText, postponeSetup, setupNeedOf } from '../../services/setup-grace.js';
import type { WebDeps } from '../deps.js';
import { renewSession, sessionData } from '../session.js';
import { currentAccount, userActor } from './gate.js';
import { seeOther } from './settings-session.js';
import { SETUP_LATER_TEXT } from './strings.js';

/** What the set-up dialog offers beside "Get Started" during a grace period: "Not now", and until when. */
export interface LaterOffer {
  /** "You can put this off until 14 December 2026, 09:30 UTC." */
  text: string;
}

/** The "Not now" offer of this session's account, or null when set-up cannot wait (no grace period, or it is over). */
export function laterOffer(deps: WebDeps, ctx: Context): LaterOffer | null {
  const need = setupNeedOf(currentAccount(ctx), deps.clock.now());
  return need.kind === 'grace' && !need.starts ? { text: SETUP_LATER_TEXT.until(deadlineText(need.deadline)) } : null;
}

/**
 * POST of "Not now": before the deadline the session becomes a full one (a new id) and goes to the
 * mailbox with a reminder of the date; after it, `refuse` shows the set-up again with the reason.
 */
export function postponeHandler(deps: WebDeps, mailPath: string, refuse: (ctx: Context, message: string) => void) {
  return async (ctx: Context) => {
    if (sessionData(ctx).stage !== 'setup') return seeOther(ctx, mailPath);
    const account = currentAccount(ctx);
    let deadline: number;
    try {
      deadline = await postponeSetup(deps.services, account, userActor(ctx));
    } catch (err) {
      if (err instanceof ServiceError) return refuse(ctx, err.message);
      throw err;
    }
    const now = deps.clock.now();
    const session = sessionData(ctx);
    await renewSession(ctx, now, { accountId: account.id, stage: 'full', createdAt: session.createdAt ?? now, mobile: session.mobile ?? false });
    sessionData(ctx).flash = { kind: 'ok', text: SETUP_LATER_TEXT.postponed(deadlineText(deadline)) };
    seeOther(ctx, mailPath);
  };
}
