import Router from '@koa/router';
import type { Context } from 'koa';
import type { DomainRecord } from '../../services/domains.js';
import { logIn } from '../../services/login.js';
import { trustedBrowserSkips } from '../../services/trusted-browsers.js';
import type { WebDeps } from '../deps.js';
import { formOf, queryText } from '../forms.js';
import { renewSession } from '../session.js';
import { sendScreen, type Flavour } from './flavour.js';
import { landingFor, stageOf, type WebmailSessionData } from './gate.js';
import { LOGIN_TEXT } from './strings.js';
import { trustCookieOf } from './trust-cookie.js';

/** Longest username and password read from the form; longer ones are refused as missing. */
const USERNAME_MAX = 320;
const PASSWORD_MAX = 1024;

/** What the login page shows. */
export interface LoginModel {
  username?: string;
  errors?: { username?: string; password?: string; form?: string };
  notice?: string;
}

/** Renders the login page of `flavour` (also used by the challenge after a lock drops the login). */
export function showLogin(ctx: Context, deps: WebDeps, flavour: Flavour, model: LoginModel, status = 200): void {
  const domain = ctx.state.domain as DomainRecord | null;
  // The blank form is the same for every visitor of this brand, notice and domain choice: render it once.
  const blank = status === 200 && !model.errors && !model.username;
  const shared = blank ? { owner: ctx.state.viewBase.brand as object, variant: `${ctx.path}|${model.notice ?? ''}|${ctx.state.viewBase.domainQuery ?? ''}` } : undefined;
  sendScreen(ctx, deps.views, flavour, 'login', { title: LOGIN_TEXT.title, username: '', errors: {}, domainName: domain?.name ?? null, ...model }, status, shared);
}

/** The login page of one interface: GET shows it, POST checks the password and starts the session at its stage. */
export function loginRoutes(deps: WebDeps, flavour: Flavour): Router {
  const router = new Router();

  router.get(flavour.routes.login, flavour.paths.login, (ctx) => {
    // "Back to sign in" from the challenge abandons the pending login.
    if (stageOf(ctx) === 'challenge') ctx.session = null;
    const notices = ['reset', 'revoked', 'expired', 'required'] as const;
    const ended = notices.find((name) => queryText(ctx, name));
    const notice = ended ? LOGIN_TEXT[ended] : queryText(ctx, 'signedout') ? LOGIN_TEXT.signedOut : undefined;
    showLogin(ctx, deps, flavour, { notice });
  });

  router.post(flavour.paths.login, async (ctx) => {
    const form = formOf(ctx);
    const username = form.trimmed('username', USERNAME_MAX);
    const password = form.text('password', PASSWORD_MAX);
    const domain = ctx.state.domain as DomainRecord | null;
    const errors: NonNullable<LoginModel['errors']> = {};
    if (!username) errors.username = LOGIN_TEXT.usernameMissing;
    else if (!domain && !username.includes('@')) errors.username = LOGIN_TEXT.usernameNeedsDomain;
    if (!password) errors.password = LOGIN_TEXT.passwordMissing;
    if (errors.username || errors.password) return showLogin(ctx, deps, flavour, { username, errors }, 400);
    const result = await logIn(deps.services, { username, password, domainName: domain?.name ?? null, ip: ctx.ip, channel: flavour.mobile ? 'mobile' : 'webmail' });
    if (!result.ok) {
      const throttled = result.reason === 'throttled';
      const message = throttled ? LOGIN_TEXT.throttled(result.until - deps.clock.now()) : LOGIN_TEXT.wrong;
      return showLogin(ctx, deps, flavour, { username, errors: { form: message } }, throttled ? 429 : 401);
    }
    const now = deps.clock.now();
    // A browser this account trusts skips the code, never the password.
    const actor = { kind: 'user' as const, name: result.account.address, ip: ctx.ip };
    const stage = result.stage === 'challenge' && (await trustedBrowserSkips(deps.services, result.account, trustCookieOf(ctx), actor)) ? 'full' : result.stage;
    const data: Omit<WebmailSessionData, 'seenAt'> = { accountId: result.account.id, stage, createdAt: now, mobile: flavour.mobile };
    await renewSession(ctx, now, data);
    ctx.status = 303;
    ctx.redirect(landingFor(stage, flavour.paths));
  });

  return router;
}
