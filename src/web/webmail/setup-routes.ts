import Router from '@koa/router';
import type { Context } from 'koa';
import { setupRequired } from '../../core/two-factor-status.js';
import { accountPolicy } from '../../services/accounts.js';
import type { WebDeps } from '../deps.js';
import { sendPage } from '../render.js';
import { endSession, renewSession, sessionData } from '../session.js';
import { keepFreshCodes } from '../two-step-session.js';
import type { UrlBuilder } from '../urls.js';
import { currentAccount } from './gate.js';
import { pairingHandlers } from './settings-pairing.js';
import { seeOther } from './settings-session.js';
import { laterOffer, postponeHandler } from './setup-later.js';
import { INTRO_TEXT, TITLES } from './settings-strings.js';

/**
 * True for a session that just gave its password and must set up now. A full session never pairs
 * here: without a fresh password it goes through Settings, so a stolen session cannot pair a device.
 */
function required(ctx: Context): boolean {
  const account = currentAccount(ctx);
  return sessionData(ctx).stage === 'setup' && setupRequired(accountPolicy(account), account.state);
}

/**
 * Mandatory set-up: the turn-on dialog right after the password, then pairing (no second password:
 * it was just given). Only finishing, signing out or — during a grace period — "Not now" leaves it;
 * finishing and "Not now" renew the session id and make the session a full one.
 */
export function setupRoutes(deps: WebDeps, url: UrlBuilder): Router {
  const router = new Router();
  const leave = (ctx: Context) => {
    if (sessionData(ctx).stage === 'full') return seeOther(ctx, url('mail'));
    // The requirement changed since the password (an administrator acted): start the login again.
    endSession(ctx);
    seeOther(ctx, url('login'));
  };
  const handlers = pairingHandlers(deps, {
    route: 'setupPair',
    layout: 'layouts/public.njk',
    cancelRoute: null,
    applies: required,
    mayStart: () => true,
    refuse: leave,
    finish: async (ctx, codes) => {
      const now = deps.clock.now();
      const session = sessionData(ctx);
      await renewSession(ctx, now, { accountId: currentAccount(ctx).id, stage: 'full', createdAt: session.createdAt ?? now, mobile: session.mobile ?? false });
      keepFreshCodes(ctx, deps.services.secretBox, codes, now, false);
      seeOther(ctx, url('settingsCodes'));
    },
  });
  const showIntro = (ctx: Context, error: string | null, status = 200) =>
    sendPage(ctx, deps.views, 'webmail/setup/intro.njk', { title: TITLES.mandatory, intro: { ...INTRO_TEXT, required: INTRO_TEXT.mandatory }, later: laterOffer(deps, ctx), error }, status);
  router.get('setup', '/setup', (ctx) => {
    if (!required(ctx)) return leave(ctx);
    showIntro(ctx, null);
  });
  router.post('setupLater', '/setup/later', async (ctx) => {
    if (!required(ctx)) return leave(ctx);
    await postponeHandler(deps, url('mail'), (c, message) => showIntro(c, message, 403))(ctx);
  });
  router.get('setupPair', '/setup/pair', handlers.show);
  router.post('/setup/pair', handlers.confirm);
  return router;
}
