import type { Context } from 'koa';
import { verifySecondFactor } from '../../services/challenge.js';
import { confirmPairing } from '../../services/pairing.js';
import { challengeRefusal, checkAnswer, lockedMessage, readChallengeAnswer, type ChallengeMode } from '../challenge-answer.js';
import type { WebDeps } from '../deps.js';
import { formOf, queryText } from '../forms.js';
import { sendPage } from '../render.js';
import { renewSession, sessionData } from '../session.js';
import { sealFreshCodes } from '../two-step-session.js';
import type { SessionData } from '../web-context.js';
import { CHALLENGE_TEXT } from '../webmail/strings.js';
import { attempt } from './form-errors.js';
import { adminActor, adminRouter, currentAdmin, urlsOf, type AdminSessionData } from './guard.js';
import { sendPairing } from './pairing-view.js';
import { ADMIN_PATHS, ADMIN_PREFIX } from './paths.js';
import { pairingTargetOf } from './two-factor-session.js';

function showChallenge(ctx: Context, deps: WebDeps, mode: ChallengeMode, error: string | null, status = 200): void {
  const admin = currentAdmin(ctx);
  const now = deps.clock.now();
  const locked = admin.state.lockedUntil !== null && admin.state.lockedUntil > now ? lockedMessage(admin.state.lockedUntil, now) : null;
  sendPage(ctx, deps.views, 'admin/two-factor/challenge.njk', { title: CHALLENGE_TEXT.title, text: CHALLENGE_TEXT, name: admin.name, mode, error: locked ?? error, locked: locked !== null }, status);
}

/** Steps the session up to a full one under a new id, keeping when the sign-in began; answers where to go. */
async function stepUp(ctx: Context, deps: WebDeps, extra: SessionData = {}): Promise<string> {
  const pending = sessionData(ctx);
  const now = deps.clock.now();
  const data: Omit<AdminSessionData, 'seenAt'> = { ...extra, adminId: currentAdmin(ctx).id, stage: 'full', createdAt: pending.createdAt ?? now };
  const returnTo = pending.returnTo;
  await renewSession(ctx, now, data);
  return returnTo ?? ADMIN_PREFIX;
}

/** The admin sign-in's second step: the code challenge (or a recovery code), and mandatory set-up. */
export function challengeRoutes(deps: WebDeps) {
  const router = adminRouter();
  const setupScreen = { action: ADMIN_PATHS.setup, cancelUrl: null, layout: 'layouts/public.njk' } as const;

  router.get('adminChallenge', '/login/challenge', (ctx) => showChallenge(ctx, deps, queryText(ctx, 'mode') === 'recovery' ? 'recovery' : 'code', null));

  router.post('/login/challenge', async (ctx) => {
    const mode: ChallengeMode = formOf(ctx).text('mode') === 'recovery' ? 'recovery' : 'code';
    const read = readChallengeAnswer(ctx, mode);
    if ('problem' in read) return showChallenge(ctx, deps, mode, read.problem, 400);
    const admin = currentAdmin(ctx);
    const outcome = await checkAnswer(() => verifySecondFactor(deps.services, pairingTargetOf(admin), read, adminActor(ctx)), deps.logger, `admin ${admin.name}`);
    if (outcome.kind === 'success') {
      const next = await stepUp(ctx, deps, outcome.recoveryCodesLeft !== null ? { flash: { kind: 'ok', text: CHALLENGE_TEXT.recoveryLow(outcome.recoveryCodesLeft) } } : {});
      ctx.status = 303;
      return ctx.redirect(next);
    }
    const { message, status, drop } = challengeRefusal(outcome, mode, deps.clock.now());
    if (!drop) return showChallenge(ctx, deps, mode, message, status);
    ctx.session = null;
    sendPage(ctx, deps.views, 'admin/login.njk', { name: admin.name, next: '', errors: { form: message } }, status);
  });

  router.get('adminSetup', '/login/setup', (ctx) => {
    const start = queryText(ctx, 'start') === '1';
    if (start) return sendPairing(ctx, deps, currentAdmin(ctx), setupScreen);
    sendPage(ctx, deps.views, 'admin/two-factor/setup-intro.njk', { startUrl: `${ADMIN_PATHS.setup}?start=1` });
  });

  router.post('/login/setup', async (ctx) => {
    const admin = currentAdmin(ctx);
    const form = formOf(ctx);
    const result = await attempt(() => confirmPairing(deps.services, adminActor(ctx), pairingTargetOf(admin), sessionData(ctx).pairing ?? null, form.text('pairing', 64), form.text('code', 64)), 'code');
    if (!result.ok) {
      if (result.errors.pairing) delete sessionData(ctx).pairing;
      return sendPairing(ctx, deps, admin, setupScreen, result.errors.code ?? result.errors.pairing ?? result.errors.form, result.status);
    }
    await stepUp(ctx, deps, { freshCodes: sealFreshCodes(deps.services.secretBox, result.value, deps.clock.now(), false) });
    ctx.status = 303;
    ctx.redirect(urlsOf(deps)('adminCodes'));
  });

  return router;
}
