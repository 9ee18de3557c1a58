import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { AccountRecord } from '../../services/accounts.js';
import { ServiceError } from '../../services/errors.js';
import { accountPairingTarget, confirmPairing, PAIRING_TEXT, pendingKey, startPairing, type PairingKey, type PairingTarget, type PendingPairing } from '../../services/pairing.js';
import type { WebDeps } from '../deps.js';
import { formOf } from '../forms.js';
import { qrSvg } from '../qr.js';
import { sendPage } from '../render.js';
import { sessionData } from '../session.js';
import { isReverified, keepFreshCodes, sessionPairing } from '../two-step-session.js';
import type { UrlBuilder } from '../urls.js';
import { currentAccount, userActor } from './gate.js';
import { flashSettings, seeOther, twoStepPosition } from './settings-session.js';
import { PAIR_TEXT, TITLES } from './settings-strings.js';

/** What a key screen (pairing or Add device) shows: the key's words and its QR code as inline SVG. */
export interface KeyScreen extends PairingKey {
  qrSvg: string;
}

/** The QR code and words of `key` for a template. */
export async function keyScreen(key: PairingKey): Promise<KeyScreen> {
  return { ...key, qrSvg: await qrSvg(key.uri, PAIR_TEXT.qrName(key.account, key.issuer)) };
}

/** How one pairing flow (Settings or mandatory set-up) differs from the other. */
export interface PairingFlow {
  /** Route name of the pairing screen (its form posts back to it). */
  route: string;
  /** The page layout: the WebMail shell, or the plain branded card while nothing else is reachable. */
  layout: 'layouts/webmail.njk' | 'layouts/public.njk';
  /** Where "Cancel" leads, or null in mandatory set-up (signing out is the only other way). */
  cancelRoute: string | null;
  /** True when the account may pair in this flow now. */
  applies(ctx: Context): boolean;
  /** True when a new pairing may start without further checks (else `refuse` decides). */
  mayStart(ctx: Context): boolean;
  /** Answers a request that may not pair (now). */
  refuse(ctx: Context): void;
  /** Stores what the session needs after success and redirects. */
  finish(ctx: Context, codes: string[]): Promise<void>;
}

async function showPairing(deps: WebDeps, ctx: Context, flow: PairingFlow, target: PairingTarget, pending: PendingPairing, error: string | null, status = 200): Promise<void> {
  sendPage(ctx, deps.views, 'webmail/settings/pair.njk', {
    title: TITLES.pair,
    layout: flow.layout,
    section: 'settings',
    text: PAIR_TEXT,
    key: await keyScreen(pendingKey(deps.services, target, pending)),
    pairingId: pending.id,
    action: flow.route,
    cancelRoute: flow.cancelRoute,
    error,
  }, status);
}

function begin(deps: WebDeps, ctx: Context, account: AccountRecord): PendingPairing {
  const pending = startPairing(deps.services, { kind: 'account', id: account.id });
  sessionData(ctx).pairing = pending;
  return pending;
}

/** The GET and POST handlers of a pairing screen. */
export function pairingHandlers(deps: WebDeps, flow: PairingFlow): { show: Middleware; confirm: Middleware } {
  return {
    async show(ctx) {
      if (!flow.applies(ctx)) return flow.refuse(ctx);
      const account = currentAccount(ctx);
      let pending = sessionPairing(ctx, { kind: 'account', id: account.id }, deps.clock.now());
      if (!pending) {
        if (!flow.mayStart(ctx)) return flow.refuse(ctx);
        pending = begin(deps, ctx, account);
      }
      await showPairing(deps, ctx, flow, await accountPairingTarget(deps.services, account), pending, null);
    },
    async confirm(ctx) {
      if (!flow.applies(ctx)) return flow.refuse(ctx);
      const account = currentAccount(ctx);
      const target = await accountPairingTarget(deps.services, account);
      const form = formOf(ctx);
      const pending = sessionPairing(ctx, { kind: 'account', id: account.id }, deps.clock.now());
      try {
        const codes = await confirmPairing(deps.services, userActor(ctx), target, pending, form.text('pairing', 64), form.text('code', 64));
        delete sessionData(ctx).pairing;
        await flow.finish(ctx, codes);
      } catch (err) {
        if (!(err instanceof ServiceError)) throw err;
        if (err.field === 'code' && pending) return showPairing(deps, ctx, flow, target, pending, err.message, 400);
        if (err.field !== 'pairing') return flow.refuse(ctx);
        // Expired or from another window: show the key that can be confirmed now (a fresh one if none is left).
        if (!pending && !flow.mayStart(ctx)) return flow.refuse(ctx);
        await showPairing(deps, ctx, flow, target, pending ?? begin(deps, ctx, account), err.message, 409);
      }
    },
  };
}

/** The pairing screen of Settings → "Turn on", after credential verification. */
export function settingsPairingRoutes(deps: WebDeps, url: UrlBuilder): Router {
  const router = new Router();
  const handlers = pairingHandlers(deps, {
    route: 'settingsPair',
    layout: 'layouts/webmail.njk',
    cancelRoute: 'settings',
    applies: (ctx) => {
      const { setting, configured } = twoStepPosition(currentAccount(ctx));
      return setting !== 'disabled' && !configured;
    },
    mayStart: (ctx) => isReverified(ctx, deps.clock.now()),
    refuse: (ctx) => {
      const { setting, configured } = twoStepPosition(currentAccount(ctx));
      if (setting !== 'disabled' && !configured) return seeOther(ctx, url('settingsVerify', {}, { next: 'pair' }));
      if (configured) flashSettings(ctx, 'error', PAIRING_TEXT.alreadyOn);
      seeOther(ctx, url('settings'));
    },
    finish: async (ctx, codes) => {
      keepFreshCodes(ctx, deps.services.secretBox, codes, deps.clock.now(), false);
      seeOther(ctx, url('settingsCodes'));
    },
  });
  router.get('settingsPair', '/settings/two-step/pair', handlers.show);
  router.post('/settings/two-step/pair', handlers.confirm);
  return router;
}
