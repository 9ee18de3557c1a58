import Router from '@koa/router';
import type { Context } from 'koa';
import { logIn } from '../../services/login.js';
import type { WebDeps } from '../deps.js';
import { formOf, queryText } from '../forms.js';
import { sendPage } from '../render.js';
import { sessionData } from '../session.js';
import { isReverified } from '../two-step-session.js';
import type { UrlBuilder } from '../urls.js';
import { currentAccount } from './gate.js';
import { seeOther, twoStepPosition } from './settings-session.js';
import { TITLES, VERIFY_TEXT } from './settings-strings.js';

/** Where credential verification leads: turning on (pairing), managing (Configure) or creating an app password. */
const NEXT_ROUTES = { pair: 'settingsPair', configure: 'settingsTwoStep', 'app-password': 'settingsAppPasswordNew' } as const;
type Next = keyof typeof NEXT_ROUTES;

function nextOf(raw: string): Next | null {
  return Object.hasOwn(NEXT_ROUTES, raw) ? (raw as Next) : null;
}

/** True when the account is in the state the next screen needs (off for pairing, on for the others). */
function applies(ctx: Context, next: Next): boolean {
  const { setting, configured } = twoStepPosition(currentAccount(ctx));
  return setting !== 'disabled' && configured === (next !== 'pair');
}

function show(deps: WebDeps, ctx: Context, next: Next, error: string | null, status = 200): void {
  sendPage(ctx, deps.views, 'webmail/settings/verify.njk', {
    title: TITLES.verify,
    intro: next === 'app-password' ? VERIFY_TEXT.introAppPassword : VERIFY_TEXT.intro,
    address: currentAccount(ctx).address,
    next,
    error,
  }, status);
}

/**
 * Credential verification before Turn on and Configure: the password again, throttled like the
 * login. A success is remembered on the session for a few minutes.
 */
export function settingsVerifyRoutes(deps: WebDeps, url: UrlBuilder): Router {
  const router = new Router();
  router.get('settingsVerify', '/settings/two-step/verify', (ctx) => {
    const next = nextOf(queryText(ctx, 'next'));
    if (!next || !applies(ctx, next)) return seeOther(ctx, url('settings'));
    if (isReverified(ctx, deps.clock.now())) return seeOther(ctx, url(NEXT_ROUTES[next]));
    show(deps, ctx, next, null);
  });
  router.post('/settings/two-step/verify', async (ctx) => {
    const form = formOf(ctx);
    const next = nextOf(form.text('next', 20) || queryText(ctx, 'next'));
    if (!next || !applies(ctx, next)) return seeOther(ctx, url('settings'));
    if (form.malformed('password', 1024)) return show(deps, ctx, next, VERIFY_TEXT.wrong, 400);
    const password = form.text('password', 1024);
    if (!password) return show(deps, ctx, next, VERIFY_TEXT.passwordMissing, 400);
    const account = currentAccount(ctx);
    const result = await logIn(deps.services, { username: account.address, password, domainName: null, ip: ctx.ip, channel: 'webmail-settings' });
    if (!result.ok) {
      if (result.reason === 'throttled') return show(deps, ctx, next, VERIFY_TEXT.throttled(result.until - deps.clock.now()), 429);
      return show(deps, ctx, next, VERIFY_TEXT.wrong, 401);
    }
    sessionData(ctx).reverifiedAt = deps.clock.now();
    seeOther(ctx, url(NEXT_ROUTES[next]));
  });
  return router;
}
