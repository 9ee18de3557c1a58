import Router from '@koa/router';
import { folderPage, mailFolders, mailUserOf } from '../../services/mailbox.js';
import { queryText } from '../forms.js';
import type { WebDeps } from '../deps.js';
import { sendScreen, type Flavour } from './flavour.js';
import { currentAccount, takeFlash } from './gate.js';
import { folderParam, pageParam } from './mail-params.js';
import { MAIL_TEXT } from './mail-strings.js';
import { mailUnavailablePage } from './mail-unavailable.js';
import { folderItems, messageRows } from './mail-view.js';

/** The mailbox of one interface: a folder's message list (newest first, paged, searchable) and the folder list. */
export function mailRoutes(deps: WebDeps, flavour: Flavour): Router {
  const router = new Router();
  const unavailable = mailUnavailablePage(deps, flavour);

  router.get(flavour.routes.mail, flavour.paths.mail, unavailable, async (ctx) => {
    const user = mailUserOf(currentAccount(ctx));
    const query = queryText(ctx, 'q', 1000);
    const folder = folderParam(ctx);
    const page = await folderPage(deps.services, user, { folder, page: pageParam(ctx), query });
    const folders = await mailFolders(deps.services, user);
    const current = folders.find((one) => one.name === folder) ?? { name: folder, label: folder, role: null, total: page.total, unread: 0 };
    sendScreen(ctx, deps.views, flavour, 'mail', {
      title: current.label,
      text: MAIL_TEXT,
      section: 'mail',
      flash: takeFlash(ctx),
      folders: folderItems(folders, folder),
      current,
      list: { ...page, query: query.trim(), rows: messageRows(page) },
      folderQuery: folder === 'INBOX' ? undefined : folder,
      moveTargets: folders.filter((one) => one.name !== folder),
    });
  });

  router.get(flavour.routes.folders, `${flavour.paths.mail}/folders`, unavailable, async (ctx) => {
    const folders = await mailFolders(deps.services, mailUserOf(currentAccount(ctx)));
    sendScreen(ctx, deps.views, flavour, 'folders', { title: MAIL_TEXT.folders, text: MAIL_TEXT, section: 'mail', folders: folderItems(folders, '') });
  });

  return router;
}
