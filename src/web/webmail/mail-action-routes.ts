import Router from '@koa/router';
import { actOnMessages, emptyTrash, MESSAGE_ACTIONS, type MessageAction } from '../../services/mail-actions.js';
import { mailUserOf } from '../../services/mailbox.js';
import { ServiceError } from '../../services/errors.js';
import type { WebDeps } from '../deps.js';
import { formOf } from '../forms.js';
import type { Flavour } from './flavour.js';
import { currentAccount } from './gate.js';
import { sessionData } from '../session.js';
import { idsField, messageId } from './mail-params.js';
import { ACTION_DONE } from './mail-strings.js';
import { mailUnavailablePage } from './mail-unavailable.js';

function doneText(action: MessageAction, count: number, movedTo: string | null): string {
  if (action === 'move' || (action === 'delete' && movedTo)) return ACTION_DONE.moved(count, movedTo ?? '');
  if (action === 'delete') return ACTION_DONE.deleted(count);
  return ACTION_DONE[action](count);
}

/** What can be done to messages from the list or the message page: flags, move, delete, and emptying Trash. */
export function mailActionRoutes(deps: WebDeps, flavour: Flavour): Router {
  const router = new Router();
  const unavailable = mailUnavailablePage(deps, flavour);

  router.post(flavour.routes.mailActions, `${flavour.paths.mail}/actions`, unavailable, async (ctx) => {
    const form = formOf(ctx);
    const action = form.text('action') as MessageAction;
    const ids = idsField(ctx);
    if (!MESSAGE_ACTIONS.includes(action)) throw new ServiceError('invalid', 'Choose what to do with the selected messages.', 'action');
    if (ids === null) throw new ServiceError('invalid', 'That is not a message of this folder.', 'ids');
    const folder = form.text('folder', 1000) || 'INBOX';
    const { count, movedTo } = await actOnMessages(deps.services, mailUserOf(currentAccount(ctx)), { folder, ids, action, target: form.text('target', 1000) });
    sessionData(ctx).flash = { kind: 'ok', text: doneText(action, count, movedTo?.label ?? null) };
    const folderQuery = folder === 'INBOX' ? undefined : folder;
    // Flags set from the message page lead back to it; everything else back to the folder.
    const back = messageId(form.text('back'));
    const stays = back !== null && (action === 'flag' || action === 'unflag');
    ctx.status = 303;
    ctx.redirect(stays ? deps.url(flavour.routes.message, { id: back }, { folder: folderQuery }) : deps.url(flavour.routes.mail, {}, { folder: folderQuery }));
  });

  router.post(flavour.routes.emptyTrash, `${flavour.paths.mail}/trash/empty`, unavailable, async (ctx) => {
    await emptyTrash(deps.services, mailUserOf(currentAccount(ctx)));
    sessionData(ctx).flash = { kind: 'ok', text: ACTION_DONE.trashEmptied };
    ctx.status = 303;
    ctx.redirect(deps.url(flavour.routes.mail, {}, { folder: formOf(ctx).text('folder', 1000) || 'Trash' }));
  });

  return router;
}
