import Router from '@koa/router';
import { accountTarget } from '../../services/accounts.js';
import { verifySecondFactor } from '../../services/challenge.js';
import { startKeySignIn } from '../../services/webauthn-strategy.js';
import { checkAnswer, lockedMessage } from '../challenge-answer.js';
import type { WebDeps } from '../deps.js';
import { formOf } from '../forms.js';
import { keepCeremony, keyPlace, sendKeyJson, takeCeremony } from '../key-ceremony-session.js';
import { settleChallenge, showChallenge } from './challenge-routes.js';
import type { Flavour } from './flavour.js';
import { currentAccount, userActor } from './gate.js';
import { CHALLENGE_TEXT } from './strings.js';

/** Longest security-key answer a form may carry, in characters. */
const ANSWER_MAX = 16_000;

/**
 * The challenge's "Use your security key": its script first asks for options (JSON; the challenge is
 * kept on the session), then posts the key's answer as a form, which passes or fails like a code.
 */
export function challengeKeyRoutes(deps: WebDeps, flavour: Flavour): Router {
  const router = new Router();
  const base = `${flavour.paths.challenge}/security-key`;
  router.post(flavour.routes.securityKeyOptions, `${base}/options`, async (ctx) => {
    const account = currentAccount(ctx);
    const now = deps.clock.now();
    const until = account.state.lockedUntil;
    if (until !== null && until > now) return sendKeyJson(ctx, 423, { error: lockedMessage(until, now) });
    const started = await startKeySignIn(deps.services, { kind: 'account', id: account.id }, keyPlace(ctx, ''));
    if (!started) return sendKeyJson(ctx, 404, { error: CHALLENGE_TEXT.noKey });
    keepCeremony(ctx, started.pending);
    sendKeyJson(ctx, 200, { options: started.options });
  });
  router.post(flavour.routes.securityKey, base, async (ctx) => {
    const account = currentAccount(ctx);
    const pending = takeCeremony(ctx, 'signin', { kind: 'account', id: account.id }, deps.clock.now());
    const response = formOf(ctx).text('credential', ANSWER_MAX);
    if (!pending || !response) return showChallenge(ctx, deps, flavour, 'code', CHALLENGE_TEXT.keyExpired, 400);
    const place = keyPlace(ctx, '');
    const outcome = await checkAnswer(() => verifySecondFactor(deps.services, accountTarget(account), { securityKey: { response, pending, place } }, userActor(ctx)), deps.logger, account.address);
    await settleChallenge(ctx, deps, flavour, 'key', outcome);
  });
  return router;
}
