import Router from '@koa/router';
import { brandingNameFor } from '../../services/branding.js';
import type { WebDeps } from '../deps.js';
import { sendPage } from '../render.js';
import { sessionData } from '../session.js';
import { freshCodes } from '../two-step-session.js';
import type { UrlBuilder } from '../urls.js';
import { currentAccount } from './gate.js';
import { flashSettings, seeOther } from './settings-session.js';
import { CODES_TEXT, TITLES } from './settings-strings.js';
import { sendCodesFile } from '../codes-file.js';


/**
 * The recovery codes just generated (after turning on or regenerating): shown once, printable and
 * downloadable while they are on the session; leaving the page forgets them.
 */
export function settingsCodesRoutes(deps: WebDeps, url: UrlBuilder): Router {
  const router = new Router();
  router.get('settingsCodes', '/settings/two-step/codes', (ctx) => {
    const fresh = freshCodes(ctx, deps.services.secretBox, deps.clock.now());
    if (!fresh) {
      flashSettings(ctx, 'error', CODES_TEXT.gone);
      return seeOther(ctx, url('settings'));
    }
    sendPage(ctx, deps.views, 'webmail/settings/codes.njk', {
      title: fresh.regenerated ? TITLES.newCodes : TITLES.done,
      text: CODES_TEXT,
      codes: fresh.codes,
      regenerated: fresh.regenerated,
    });
  });
  router.get('settingsCodesFile', '/settings/two-step/recovery-codes.txt', async (ctx) => {
    const fresh = freshCodes(ctx, deps.services.secretBox, deps.clock.now());
    if (!fresh) return seeOther(ctx, url('settingsCodes'));
    const account = currentAccount(ctx);
    sendCodesFile(ctx, await brandingNameFor(deps.services, account.domainId), account.address, fresh.codes);
  });
  router.get('settingsCodesDone', '/settings/two-step/codes/done', (ctx) => {
    const fresh = freshCodes(ctx, deps.services.secretBox, deps.clock.now());
    delete sessionData(ctx).freshCodes;
    seeOther(ctx, fresh?.regenerated ? url('settingsTwoStep') : url('mail'));
  });
  return router;
}
