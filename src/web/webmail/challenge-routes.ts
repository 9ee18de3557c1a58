import Router from '@koa/router';
import type { Context } from 'koa';
import { accountTarget, accountTrustDays } from '../../services/accounts.js';
import { verifySecondFactor, type ChallengeOutcome } from '../../services/challenge.js';
import { hasSecurityKey } from '../../services/security-keys.js';
import { trustBrowser } from '../../services/trusted-browsers.js';
import { challengeRefusal, checkAnswer, lockedMessage, readChallengeAnswer, type CheckedAnswer, type ChallengeMode as Mode } from '../challenge-answer.js';
import type { WebDeps } from '../deps.js';
import { formOf } from '../forms.js';
import { keyPlace } from '../key-ceremony-session.js';
import { allowOwnScript } from '../security-headers.js';
import { renewSession, sessionData } from '../session.js';
import { sendScreen, type Flavour } from './flavour.js';
import { currentAccount, userActor, type WebmailSessionData } from './gate.js';
import { showLogin } from './login-routes.js';
import { CHALLENGE_TEXT, KEY_SCRIPT_TEXT } from './strings.js';
import { setTrustCookie } from './trust-cookie.js';

/**
 * The challenge page of `flavour` in `mode`; the code page of an account with a security key also
 * offers it, and only that page loads the product's script (its CSP allows it).
 */
export async function showChallenge(ctx: Context, deps: WebDeps, flavour: Flavour, mode: Mode, error: string | null, status = 200): Promise<void> {
  const account = currentAccount(ctx);
  const lockedUntil = account.state.lockedUntil;
  const now = deps.clock.now();
  // While locked nothing typed would be checked: the screen says until when instead of asking.
  const locked = lockedUntil !== null && lockedUntil > now ? lockedMessage(lockedUntil, now) : null;
  const trustDays = accountTrustDays(account).value;
  const securityKey = mode === 'code' && !locked && (await hasSecurityKey(deps.services, { kind: 'account', id: account.id }, keyPlace(ctx, '').rpId));
  if (securityKey) allowOwnScript(ctx);
  const model = { title: CHALLENGE_TEXT.title, text: CHALLENGE_TEXT, address: account.address, mode, error: locked ?? error, locked: locked !== null, trustDays, securityKey, keyScript: KEY_SCRIPT_TEXT };
  sendScreen(ctx, deps.views, flavour, 'challenge', model, status);
}

/** Ends a challenge answer: a refusal re-shows the challenge (or the login, when the sign-in is dropped), a success makes the session full. */
export async function settleChallenge(ctx: Context, deps: WebDeps, flavour: Flavour, mode: Mode | 'key', outcome: CheckedAnswer): Promise<void> {
  const account = currentAccount(ctx);
  const now = deps.clock.now();
  if (outcome.kind !== 'success') {
    const { message, status, drop } = challengeRefusal(outcome, mode, now);
    if (!drop) return showChallenge(ctx, deps, flavour, mode === 'key' ? 'code' : mode, message, status);
    ctx.session = null;
    return showLogin(ctx, deps, flavour, { username: account.address, errors: { form: message } }, status);
  }
  if (formOf(ctx).checked('trust')) {
    const trusted = await trustBrowser(deps.services, userActor(ctx), account, { ip: ctx.ip, userAgent: ctx.get('user-agent') });
    if (trusted) setTrustCookie(ctx, deps, trusted.token, trusted.days);
  }
  const pending = sessionData(ctx);
  const data: Omit<WebmailSessionData, 'seenAt'> = { accountId: account.id, stage: 'full', createdAt: pending.createdAt ?? now, mobile: flavour.mobile };
  const success = outcome as ChallengeOutcome & { kind: 'success' };
  if (success.recoveryCodesLeft !== null) data.flash = { kind: 'ok', text: CHALLENGE_TEXT.recoveryLow(success.recoveryCodesLeft) };
  await renewSession(ctx, now, data);
  ctx.status = 303;
  ctx.redirect(flavour.paths.mail);
}

/**
 * The 2-Step Verification challenge of one interface, with its recovery-code mode (the security-key
 * answer is in challenge-key-routes). Only a session that passed the password and waits for a code reaches it (the
 * gate sees to that).
 */
export function challengeRoutes(deps: WebDeps, flavour: Flavour): Router {
  const router = new Router();
  const recoveryPath = `${flavour.paths.challenge}/recovery`;

  const answer = (mode: Mode) => async (ctx: Context) => {
    const read = readChallengeAnswer(ctx, mode);
    if ('problem' in read) return showChallenge(ctx, deps, flavour, mode, read.problem, 400);
    const account = currentAccount(ctx);
    const outcome = await checkAnswer(() => verifySecondFactor(deps.services, accountTarget(account), read, userActor(ctx)), deps.logger, account.address);
    await settleChallenge(ctx, deps, flavour, mode, outcome);
  };

  router.get(flavour.routes.challenge, flavour.paths.challenge, (ctx) => showChallenge(ctx, deps, flavour, 'code', null));
  router.post(flavour.paths.challenge, answer('code'));
  router.get(flavour.routes.recovery, recoveryPath, (ctx) => showChallenge(ctx, deps, flavour, 'recovery', null));
  router.post(recoveryPath, answer('recovery'));
  return router;
}
