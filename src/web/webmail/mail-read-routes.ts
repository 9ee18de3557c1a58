import Router from '@koa/router';
import { mailFolders, mailUserOf, messageAttachment, messageSource, openMessage } from '../../services/mailbox.js';
import type { WebDeps } from '../deps.js';
import { sendError } from '../errors.js';
import { CSP } from '../security-headers.js';
import { sendScreen, type Flavour } from './flavour.js';
import { currentAccount, takeFlash } from './gate.js';
import { folderParam, messageId } from './mail-params.js';
import { MAIL_TEXT } from './mail-strings.js';
import { mailUnavailablePage } from './mail-unavailable.js';
import { attachmentItems, headerLines } from './mail-view.js';

/** The page's policy once the user chose "Show images": remote images may load, nothing else changes. */
export const CSP_WITH_IMAGES = CSP.replace("img-src 'self' data:", "img-src 'self' data: https: http:");

/** A file name safe for a Content-Disposition header: quoted ASCII with the full name in RFC 5987 form. */
function disposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_') || 'attachment';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Reading a message: the message page, its attachments and its whole source as downloads. */
export function mailReadRoutes(deps: WebDeps, flavour: Flavour): Router {
  const router = new Router();
  const unavailable = mailUnavailablePage(deps, flavour);
  const base = `${flavour.paths.mail}/:id`;

  router.get(flavour.routes.message, base, unavailable, async (ctx) => {
    const id = messageId(ctx.params.id);
    const folder = folderParam(ctx);
    const showImages = ctx.query.images === '1';
    const folderQuery = folder === 'INBOX' ? undefined : folder;
    const inlineUrl = (index: number) => deps.url(flavour.routes.attachment, { id: id!, index }, { folder: folderQuery, inline: 1 });
    const message = id === null ? null : await openMessage(deps.services, mailUserOf(currentAccount(ctx)), folder, id, { showImages, inlineUrl });
    if (!message) return sendError(ctx, deps.views, 404);
    const folders = await mailFolders(deps.services, mailUserOf(currentAccount(ctx)));
    if (showImages) ctx.set('Content-Security-Policy', CSP_WITH_IMAGES);
    sendScreen(ctx, deps.views, flavour, 'message', {
      title: message.subject || MAIL_TEXT.noSubject,
      text: MAIL_TEXT,
      section: 'mail',
      flash: takeFlash(ctx),
      message,
      headers: headerLines(message),
      attachments: attachmentItems(message),
      folderQuery,
      moveTargets: folders.filter((one) => one.name !== folder),
      inTrash: folders.some((one) => one.name === folder && one.role === 'trash'),
    });
  });

  router.get(flavour.routes.messageSource, `${base}/source`, unavailable, async (ctx) => {
    const id = messageId(ctx.params.id);
    const file = id === null ? null : await messageSource(deps.services, mailUserOf(currentAccount(ctx)), folderParam(ctx), id);
    if (!file) return sendError(ctx, deps.views, 404);
    ctx.set('Content-Disposition', disposition(file.filename));
    ctx.set('Cache-Control', 'private, no-store');
    ctx.type = 'application/octet-stream';
    ctx.body = file.content;
  });

  router.get(flavour.routes.attachment, `${base}/attachments/:index`, unavailable, async (ctx) => {
    const id = messageId(ctx.params.id);
    const index = /^\d{1,4}$/.test(ctx.params.index) ? Number(ctx.params.index) : null;
    const file = id === null || index === null ? null : await messageAttachment(deps.services, mailUserOf(currentAccount(ctx)), folderParam(ctx), id, index);
    if (!file) return sendError(ctx, deps.views, 404);
    // An inline image is shown by the message page only when it is a plain raster image.
    const image = ctx.query.inline === '1' && /^image\/(png|jpeg|gif|webp)$/i.test(file.contentType);
    ctx.set('Content-Disposition', image ? 'inline' : disposition(file.filename));
    ctx.set('Cache-Control', 'private, no-store');
    ctx.type = image ? file.contentType : 'application/octet-stream';
    ctx.body = file.content;
  });

  return router;
}
