import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { APP_PASSWORD_NAME_MAX } from '../../core/app-passwords.js';
import { APP_PASSWORD_LIMIT, APP_PASSWORD_TEXT, accountAppPasswords, createAppPassword, revokeAllAppPasswords, revokeAppPassword, type AppPasswordView } from '../../services/app-passwords.js';
import type { AccountRecord } from '../../services/accounts.js';
import { ServiceError, statusFor } from '../../services/errors.js';
import type { WebDeps } from '../deps.js';
import { formOf } from '../forms.js';
import { sendPage } from '../render.js';
import { isReverified } from '../two-step-session.js';
import type { UrlBuilder } from '../urls.js';
import { currentAccount, userActor } from './gate.js';
import { flashSettings, seeOther, twoStepPosition } from './settings-session.js';
import { APP_PASSWORD_UI_TEXT, TITLES } from './settings-strings.js';

/** Where Settings shows its "App passwords" section. */
const SECTION_ANCHOR = '#app-passwords';

/** What the app-password list shows (Settings → General, and Mobile WebMail's Settings). */
export interface AppPasswordList {
  items: AppPasswordView[];
  canCreate: boolean;
  caption: string;
  intro: string;
  off: string;
  empty: string;
  never: string;
  full: string;
}

/** The account's app passwords with the words around them. */
export async function appPasswordList(deps: WebDeps, account: AccountRecord): Promise<AppPasswordList> {
  const items = await accountAppPasswords(deps.services, account);
  const text = APP_PASSWORD_UI_TEXT;
  return { items, canCreate: items.length < APP_PASSWORD_LIMIT, caption: TITLES.appPasswords, intro: text.intro, off: text.off, empty: text.none, never: text.never, full: APP_PASSWORD_TEXT.full };
}

/** Creation needs 2-Step Verification on and the password re-entered lately, like Configure. */
function createGuard(deps: WebDeps, url: UrlBuilder) {
  return async (ctx: Context, next: Next) => {
    if (!twoStepPosition(currentAccount(ctx)).configured) return seeOther(ctx, url('settings'));
    if (!isReverified(ctx, deps.clock.now())) return seeOther(ctx, url('settingsVerify', {}, { next: 'app-password' }));
    await next();
  };
}

function showCreateForm(deps: WebDeps, ctx: Context, name: string, error: string | null, status = 200): void {
  sendPage(ctx, deps.views, 'webmail/settings/app-password-new.njk', {
    title: TITLES.createAppPassword,
    text: APP_PASSWORD_UI_TEXT,
    name,
    nameMax: APP_PASSWORD_NAME_MAX,
    error,
    section: 'settings',
  }, status);
}

/** The app password named by the route's `:id`, or null (not a number, or not the account's). */
async function appPasswordOf(deps: WebDeps, ctx: Context): Promise<AppPasswordView | null> {
  const id = /^[1-9][0-9]{0,9}$/.test(ctx.params.id ?? '') ? Number(ctx.params.id) : NaN;
  if (!Number.isSafeInteger(id)) return null;
  return (await accountAppPasswords(deps.services, currentAccount(ctx))).find((row) => row.id === id) ?? null;
}

function confirmPage(deps: WebDeps, ctx: Context, model: { title: string; question: string; actionUrl: string }): void {
  sendPage(ctx, deps.views, 'webmail/settings/confirm.njk', { ...model, danger: true, cancelRoute: 'settings', section: 'settings' });
}

/**
 * App passwords of Settings → General: "Create app password" (after credential verification; the
 * password is shown once, in the answer to the form), "Revoke" one and "Revoke all", each confirmed.
 */
export function settingsAppPasswordRoutes(deps: WebDeps, url: UrlBuilder): Router {
  const router = new Router();
  const guard = createGuard(deps, url);
  const backToSection = (ctx: Context) => seeOther(ctx, `${url('settings')}${SECTION_ANCHOR}`);

  router.get('settingsAppPasswordNew', '/settings/app-passwords/new', guard, (ctx) => showCreateForm(deps, ctx, '', null));
  router.post('/settings/app-passwords/new', guard, async (ctx) => {
    const form = formOf(ctx);
    const name = form.text('name', APP_PASSWORD_NAME_MAX * 4);
    if (form.malformed('name', APP_PASSWORD_NAME_MAX * 4)) return showCreateForm(deps, ctx, '', `The name must be one line of at most ${APP_PASSWORD_NAME_MAX} characters.`, 400);
    try {
      const created = await createAppPassword(deps.services, userActor(ctx), currentAccount(ctx), name);
      // Shown in this answer only: nothing keeps the password, so no later page can show it again.
      sendPage(ctx, deps.views, 'webmail/settings/app-password-created.njk', {
        title: TITLES.appPasswordCreated,
        text: APP_PASSWORD_UI_TEXT,
        created,
        address: currentAccount(ctx).address,
        section: 'settings',
      }, 201);
    } catch (err) {
      if (err instanceof ServiceError && err.field === 'name') return showCreateForm(deps, ctx, name, err.message, statusFor(err));
      throw err;
    }
  });

  router.get('settingsAppPasswordRevoke', '/settings/app-passwords/:id/revoke', async (ctx) => {
    const found = await appPasswordOf(deps, ctx);
    if (!found) {
      flashSettings(ctx, 'error', APP_PASSWORD_UI_TEXT.gone);
      return backToSection(ctx);
    }
    confirmPage(deps, ctx, { title: TITLES.revokeAppPassword, question: APP_PASSWORD_UI_TEXT.revokeQuestion(found.name), actionUrl: url('settingsAppPasswordRevoke', { id: found.id }) });
  });
  router.post('/settings/app-passwords/:id/revoke', async (ctx) => {
    const found = await appPasswordOf(deps, ctx);
    if (!found) {
      flashSettings(ctx, 'error', APP_PASSWORD_UI_TEXT.gone);
      return backToSection(ctx);
    }
    try {
      const name = await revokeAppPassword(deps.services, userActor(ctx), currentAccount(ctx), found.id);
      flashSettings(ctx, 'ok', APP_PASSWORD_UI_TEXT.revoked(name));
    } catch (err) {
      // Revoked meanwhile (another tab, an administrator): the outcome the user wanted.
      if (!(err instanceof ServiceError && err.kind === 'not_found')) throw err;
      flashSettings(ctx, 'error', APP_PASSWORD_UI_TEXT.gone);
    }
    backToSection(ctx);
  });

  router.get('settingsAppPasswordRevokeAll', '/settings/app-passwords/revoke-all', async (ctx) => {
    const count = (await accountAppPasswords(deps.services, currentAccount(ctx))).length;
    if (count === 0) return backToSection(ctx);
    confirmPage(deps, ctx, { title: TITLES.revokeAllAppPasswords, question: APP_PASSWORD_UI_TEXT.revokeAllQuestion(count), actionUrl: url('settingsAppPasswordRevokeAll') });
  });
  router.post('/settings/app-passwords/revoke-all', async (ctx) => {
    const count = await revokeAllAppPasswords(deps.services, userActor(ctx), currentAccount(ctx));
    flashSettings(ctx, 'ok', APP_PASSWORD_UI_TEXT.revokedAll(count));
    backToSection(ctx);
  });
  return router;
}
