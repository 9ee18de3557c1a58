import Router from '@koa/router';
import type { Context } from 'koa';
import { describeSource } from '../../core/policy.js';
import { accountPolicy } from '../../services/accounts.js';
import { recoveryCodesLeft } from '../../services/recovery.js';
import type { WebDeps } from '../deps.js';
import { sendPage } from '../render.js';
import type { UrlBuilder } from '../urls.js';
import { currentAccount } from './gate.js';
import { appPasswordList } from './settings-app-passwords.js';
import { trustedBrowserList } from './settings-trusted-browsers.js';
import { laterOffer } from './setup-later.js';
import { leaveTwoStepFlow, seeOther, takeSettingsFlash, twoStepPosition } from './settings-session.js';
import { INTRO_TEXT, SECTION_TEXT, SETTING_TEXT, TITLES } from './settings-strings.js';

/** What the "2-Step Verification" section of the General tab shows. */
export interface TwoStepSection {
  state: 'disabled' | 'off' | 'on';
  badge: { kind: 'on' | 'off' | 'warn'; text: string };
  lines: string[];
  /** "optional, inherited from class Staff". */
  settingText: string;
  canTurnOn: boolean;
  canConfigure: boolean;
}

async function sectionFor(deps: WebDeps, ctx: Context): Promise<TwoStepSection> {
  const account = currentAccount(ctx);
  const policy = accountPolicy(account);
  const { setting, configured } = twoStepPosition(account);
  const settingText = `${SETTING_TEXT[setting]}, ${describeSource(policy.source)}`;
  if (setting === 'disabled') {
    const line = account.state.hasKey ? SECTION_TEXT.disabledWithKey : SECTION_TEXT.disabled;
    return { state: 'disabled', badge: { kind: 'off', text: 'Not available' }, lines: [line], settingText, canTurnOn: false, canConfigure: false };
  }
  const rule = setting === 'mandatory' ? SECTION_TEXT.mandatory : SECTION_TEXT.optional;
  // Unpaired under a mandatory setting, a full session exists only during a grace period (the gate).
  if (!configured) {
    const later = laterOffer(deps, ctx);
    const lines = [SECTION_TEXT.off, rule, ...(later ? [later.text] : []), SECTION_TEXT.offHint];
    return { state: 'off', badge: { kind: 'off', text: 'Off' }, lines, settingText, canTurnOn: true, canConfigure: false };
  }
  const left = await recoveryCodesLeft(deps.services, { kind: 'account', id: account.id });
  return { state: 'on', badge: { kind: 'on', text: 'On' }, lines: [SECTION_TEXT.on, rule, SECTION_TEXT.codesLeft(left)], settingText, canTurnOn: false, canConfigure: true };
}

/** Renders the Settings page on its General tab, with the turn-on dialog over it when asked. */
export async function sendSettingsPage(deps: WebDeps, ctx: Context, dialog: 'turnOn' | null): Promise<void> {
  const twoStep = await sectionFor(deps, ctx);
  sendPage(ctx, deps.views, 'webmail/settings/general.njk', {
    title: dialog ? TITLES.turnOn : TITLES.settings,
    section: 'settings',
    titles: TITLES,
    twoStep,
    appPasswords: await appPasswordList(deps, currentAccount(ctx)),
    trusted: await trustedBrowserList(deps, ctx, currentAccount(ctx)),
    dialog,
    intro: INTRO_TEXT,
    notice: dialog ? null : takeSettingsFlash(ctx),
  });
}

/** Settings → General with its "2-Step Verification" section, and the "Turn on" dialog reachable by URL. */
export function settingsGeneralRoutes(deps: WebDeps, url: UrlBuilder): Router {
  const router = new Router();
  router.get('settings', '/settings', async (ctx) => {
    // Coming back here abandons any pairing in progress and forgets codes already shown.
    leaveTwoStepFlow(ctx);
    await sendSettingsPage(deps, ctx, null);
  });
  router.get('settingsTurnOn', '/settings/two-step/turn-on', async (ctx) => {
    const { setting, configured } = twoStepPosition(currentAccount(ctx));
    if (setting === 'disabled' || configured) {
      seeOther(ctx, url('settings'));
      return;
    }
    await sendSettingsPage(deps, ctx, 'turnOn');
  });
  return router;
}
