import type Router from '@koa/router';
import type { Context } from 'koa';
import { applyAccountChanges, removeAccount, type AccountChange, type AccountRecord } from '../../services/accounts.js';
import type { Actor } from '../../services/context.js';
import type { DomainRecord } from '../../services/domains.js';
import type { WebDeps } from '../deps.js';
import { formOf } from '../forms.js';
import { sendPage } from '../render.js';
import { accountParams, loadAccount, seeOther } from './accounts-load.js';
import { ACCOUNT_TEXT, CONFIRM_TEXT, type ConfirmText } from './accounts-strings.js';
import { showGeneral } from './accounts-view.js';
import { attempt } from './form-errors.js';
import { adminActor, setFlash } from './guard.js';

/** Longest secret key input accepted before validation (room for spaces between groups). */
const KEY_INPUT_MAX = 64;

/** Longest device name read from the form; the service refuses one over DEVICE_NAME_MAX with its reason. */
const DEVICE_NAME_INPUT_MAX = 256;

/** An action behind a confirmation step: GET shows the question, POST does it. */
interface ConfirmedAction {
  name: string;
  path: string;
  text(address: string): ConfirmText;
  run(deps: WebDeps, actor: Actor, domain: DomainRecord, account: AccountRecord): Promise<void>;
  done(address: string): string;
  /** Where to go afterwards: back to the account, or to the list when it is gone. */
  after: 'accountEdit' | 'accountList';
}

/** Renders the confirmation step of an action on an account. */
export function showConfirm(ctx: Context, deps: WebDeps, confirm: ConfirmText & { action: string; cancelUrl: string }): void {
  sendPage(ctx, deps.views, 'admin/accounts/confirm.njk', { confirm });
}

const staged = (change: AccountChange) => (deps: WebDeps, actor: Actor, domain: DomainRecord, account: AccountRecord) =>
  applyAccountChanges(deps.services, actor, domain, account.name, [change]).then(() => undefined);

const CONFIRMED: ConfirmedAction[] = [
  { name: 'accountResetKey', path: 'reset-key', text: CONFIRM_TEXT.resetKey, run: staged({ op: 'resetKey' }), done: ACCOUNT_TEXT.keyReset, after: 'accountEdit' },
  { name: 'accountRevoke', path: 'revoke', text: CONFIRM_TEXT.revoke, run: staged({ op: 'revokeAll' }), done: ACCOUNT_TEXT.devicesRevoked, after: 'accountEdit' },
  {
    name: 'accountRemove',
    path: 'remove',
    text: CONFIRM_TEXT.remove,
    run: (deps, actor, domain, account) => removeAccount(deps.services, actor, domain, account.name),
    done: ACCOUNT_TEXT.removed,
    after: 'accountList',
  },
];

/** The General tab's 2-Step Verification actions ("Add secret key", "Reset secret key", "Revoke all devices", "Unlock") and removal. */
export function registerAccountActions(router: Router, deps: WebDeps): void {
  for (const action of CONFIRMED) {
    const path = `/domains/:domain/accounts/:account/${action.path}`;
    router.get(action.name, path, async (ctx) => {
      const { account } = await loadAccount(deps, ctx);
      const params = accountParams(account);
      showConfirm(ctx, deps, {
        ...action.text(account.address),
        action: router.url(action.name, params) as string,
        cancelUrl: router.url('accountEdit', params) as string,
      });
    });
    router.post(path, async (ctx) => {
      const { domain, account } = await loadAccount(deps, ctx);
      await action.run(deps, adminActor(ctx), domain, account);
      setFlash(ctx, action.done(account.address));
      seeOther(ctx, router, action.after, action.after === 'accountEdit' ? accountParams(account) : { domain: domain.name });
    });
  }

  router.post('accountKey', '/domains/:domain/accounts/:account/key', async (ctx) => {
    const { domain, account } = await loadAccount(deps, ctx);
    const form = formOf(ctx);
    if (form.malformed('secretKey', KEY_INPUT_MAX)) {
      return showGeneral(ctx, deps, account, { errors: { secretKey: ACCOUNT_TEXT.keyMalformed } }, 400);
    }
    const secretKey = form.text('secretKey', KEY_INPUT_MAX);
    const deviceName = form.trimmed('deviceName', DEVICE_NAME_INPUT_MAX);
    const change: AccountChange = { op: 'provisionKey', key: secretKey, ...(deviceName ? { name: deviceName } : {}) };
    const result = await attempt(() => applyAccountChanges(deps.services, adminActor(ctx), domain, account.name, [change]), 'secretKey');
    if (!result.ok) return showGeneral(ctx, deps, account, { secretKey, deviceName, errors: result.errors }, result.status);
    setFlash(ctx, ACCOUNT_TEXT.keyProvisioned(account.address));
    seeOther(ctx, router, 'accountEdit', accountParams(account));
  });

  router.post('accountUnlock', '/domains/:domain/accounts/:account/unlock', async (ctx) => {
    const { domain, account } = await loadAccount(deps, ctx);
    const wasLocked = account.state.lockedUntil !== null && account.state.lockedUntil > deps.clock.now();
    if (wasLocked) await applyAccountChanges(deps.services, adminActor(ctx), domain, account.name, [{ op: 'unlock' }]);
    setFlash(ctx, wasLocked ? ACCOUNT_TEXT.unlocked(account.address) : ACCOUNT_TEXT.nothingToUnlock(account.address));
    seeOther(ctx, router, 'accountEdit', accountParams(account));
  });
}
