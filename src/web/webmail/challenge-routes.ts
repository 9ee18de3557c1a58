import Router from '@koa/router';
import type { Context } from 'koa';
import { normalizeRecoveryCode } from '../../core/recovery-codes.js';
import { isWellFormedCode } from '../../core/totp.js';
import { accountTarget } from '../../services/accounts.js';
import { verifySecondFactor, type ChallengeOutcome, type SecondFactor } from '../../services/challenge.js';
import type { WebDeps } from '../deps.js';
import { formOf } from '../forms.js';
import { renewSession } from '../session.js';
import { sendScreen, type Flavour } from './flavour.js';
import { currentAccount, userActor, webmailSession, type WebmailSessionData } from './gate.js';
import { showLogin } from './login-routes.js';
import { CHALLENGE_TEXT } from './strings.js';

type Mode = 'code' | 'recovery';

function showChallenge(ctx: Context, deps: WebDeps, flavour: Flavour, mode: Mode, error: string | null, status = 200): void {
  const account = currentAccount(ctx);
  const lockedUntil = account.state.lockedUntil;
  const now = deps.clock.now();
  const locked = lockedUntil !== null && lockedUntil > now ? CHALLENGE_TEXT.locked(lockedUntil - now) : null;
  sendScreen(ctx, deps.views, flavour, 'challenge', { title: CHALLENGE_TEXT.title, text: CHALLENGE_TEXT, address: account.address, mode, error: error ?? locked }, status);
}

/** The typed answer, or the message saying why it cannot be one (checked before anything is counted). */
function readAnswer(ctx: Context, mode: Mode): SecondFactor | { problem: string } {
  const form = formOf(ctx);
  if (mode === 'code') {
    const code = form.text('code', 64).replace(/\s+/g, '');
    if (!code) return { problem: CHALLENGE_TEXT.codeMissing };
    return isWellFormedCode(code) ? { code } : { problem: CHALLENGE_TEXT.codeMalformed };
  }
  const recoveryCode = form.trimmed('recoveryCode', 64);
  if (!recoveryCode) return { problem: CHALLENGE_TEXT.recoveryMissing };
  return normalizeRecoveryCode(recoveryCode) ? { recoveryCode } : { problem: CHALLENGE_TEXT.recoveryMalformed };
}

/** The message and status for an outcome other than success. */
function refusal(outcome: Exclude<ChallengeOutcome, { kind: 'success' }>, mode: Mode, now: number): { message: string; status: number } {
  switch (outcome.kind) {
    case 'wrong':
      return { message: mode === 'code' ? CHALLENGE_TEXT.wrong(outcome.attemptsLeft) : CHALLENGE_TEXT.wrongRecovery(outcome.attemptsLeft), status: 401 };
    case 'replayed':
      return { message: mode === 'code' ? CHALLENGE_TEXT.replayed : CHALLENGE_TEXT.replayedRecovery, status: 409 };
    case 'locked':
      return { message: (outcome.justLocked ? CHALLENGE_TEXT.justLocked : CHALLENGE_TEXT.locked)(outcome.until - now), status: 423 };
    case 'throttled':
      return { message: CHALLENGE_TEXT.throttled(outcome.until - now), status: 429 };
    case 'unavailable':
      return { message: CHALLENGE_TEXT.unavailable, status: 409 };
  }
}

/**
 * The 2-Step Verification challenge of one interface, with its recovery-code mode. Only a session
 * that passed the password and waits for a code reaches it (the gate sees to that).
 */
export function challengeRoutes(deps: WebDeps, flavour: Flavour): Router {
  const router = new Router();
  const recoveryPath = `${flavour.paths.challenge}/recovery`;

  const answer = (mode: Mode) => async (ctx: Context) => {
    const read = readAnswer(ctx, mode);
    if ('problem' in read) return showChallenge(ctx, deps, flavour, mode, read.problem, 400);
    const account = currentAccount(ctx);
    const outcome = await verifySecondFactor(deps.services, accountTarget(account), read, userActor(ctx));
    const now = deps.clock.now();
    if (outcome.kind !== 'success') {
      const { message, status } = refusal(outcome, mode, now);
      const dropped = outcome.kind === 'unavailable' || (outcome.kind === 'locked' && outcome.justLocked);
      if (!dropped) return showChallenge(ctx, deps, flavour, mode, message, status);
      ctx.session = null;
      return showLogin(ctx, deps, flavour, { username: account.address, errors: { form: message } }, status);
    }
    const pending = webmailSession(ctx);
    const data: Omit<WebmailSessionData, 'seenAt'> = { accountId: account.id, stage: 'full', createdAt: pending.createdAt ?? now, mobile: flavour.mobile };
    if (outcome.recoveryCodesLeft !== null) data.flash = CHALLENGE_TEXT.recoveryLow(outcome.recoveryCodesLeft);
    await renewSession(ctx, now, data as unknown as Record<string, unknown>);
    ctx.status = 303;
    ctx.redirect(flavour.paths.mail);
  };

  router.get(flavour.routes.challenge, flavour.paths.challenge, (ctx) => showChallenge(ctx, deps, flavour, 'code', null));
  router.post(flavour.paths.challenge, answer('code'));
  router.get(flavour.routes.recovery, recoveryPath, (ctx) => showChallenge(ctx, deps, flavour, 'recovery', null));
  router.post(recoveryPath, answer('recovery'));
  return router;
}
