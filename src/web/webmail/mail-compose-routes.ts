import Router from '@koa/router';
import type { Context } from 'koa';
import type { ComposeMode } from '../../core/mail-reply.js';
import { ServiceError } from '../../services/errors.js';
import { sendComposed, startCompose, type ComposeForm } from '../../services/mail-compose.js';
import { MailRefusedError, MailUnavailableError } from '../../services/mail-store/errors.js';
import { mailUserOf } from '../../services/mailbox.js';
import type { WebDeps } from '../deps.js';
import { sendError } from '../errors.js';
import { queryText } from '../forms.js';
import { multipartBody, MultipartError, type MultipartBody, type MultipartLimits } from '../multipart.js';
import { sendScreen, type Flavour } from './flavour.js';
import { currentAccount } from './gate.js';
import { sessionData } from '../session.js';
import { folderParam, messageId } from './mail-params.js';
import { COMPOSE_TEXT } from './mail-strings.js';
import { mailUnavailablePage } from './mail-unavailable.js';

const MODES: readonly ComposeMode[] = ['new', 'reply', 'all', 'forward'];

/** The compose form's field for the files; the form puts it last so the text is read first. */
export const ATTACHMENT_FIELD = 'attachments';

/**
 * The multipart limits of WebMail's forms (the compose form is the only one): each file and all of
 * them within the attachment limit, plus room for the text; the text of one field up to 256 K characters.
 */
export function composeUploadLimits(attachmentBytes: number): MultipartLimits {
  return { totalBytes: attachmentBytes + 2 * 1024 * 1024, fileBytes: attachmentBytes, fields: 20, files: 20, fieldChars: 256 * 1024 };
}

/** What the compose page shows besides the form: field errors, a message above the form, and the forwarded files. */
interface ComposeState {
  errors?: Record<string, string>;
  problem?: string;
  forwardedFiles?: number;
}

function field(body: MultipartBody, name: string): string {
  const value = body.fields[name];
  return typeof value === 'string' ? value : '';
}

function formFrom(body: MultipartBody): ComposeForm {
  const mode = field(body, 'mode') as ComposeMode;
  const id = messageId(field(body, 'refId'));
  const folder = field(body, 'refFolder');
  return {
    to: field(body, 'to'),
    cc: field(body, 'cc'),
    bcc: field(body, 'bcc'),
    subject: field(body, 'subject'),
    body: field(body, 'body'),
    mode: MODES.includes(mode) ? mode : 'new',
    ref: id !== null && folder ? { folder, id } : null,
  };
}

/** Writing mail: the compose form (new, reply, reply all, forward) and sending it through the store. */
export function mailComposeRoutes(deps: WebDeps, flavour: Flavour): Router {
  const router = new Router();
  const unavailable = mailUnavailablePage(deps, flavour);
  const limitKb = Math.floor(deps.config.mailAttachmentLimitBytes / 1024);

  const show = (ctx: Context, form: ComposeForm, state: ComposeState = {}, status = 200) => {
    sendScreen(ctx, deps.views, flavour, 'compose', { title: COMPOSE_TEXT.title[form.mode], text: COMPOSE_TEXT, section: 'mail', form, from: currentAccount(ctx).address, limitKb, errors: state.errors ?? {}, problem: state.problem ?? null, forwardedFiles: state.forwardedFiles ?? 0 }, status);
  };

  router.get(flavour.routes.compose, `${flavour.paths.mail}/compose`, unavailable, async (ctx) => {
    const mode = (queryText(ctx, 'mode', 10) || 'new') as ComposeMode;
    const id = ctx.query.id === undefined ? null : messageId(queryText(ctx, 'id', 12));
    if (!MODES.includes(mode) || (mode !== 'new' && id === null)) return sendError(ctx, deps.views, 404);
    const started = await startCompose(deps.services, mailUserOf(currentAccount(ctx)), mode, id === null ? null : { folder: folderParam(ctx), id });
    if (!started) return sendError(ctx, deps.views, 404);
    show(ctx, started.form, { forwardedFiles: started.forwardedFiles });
  });

  router.post(flavour.routes.compose, `${flavour.paths.mail}/compose`, async (ctx) => {
    let body: MultipartBody;
    try {
      body = await multipartBody(ctx);
    } catch (err) {
      if (!(err instanceof MultipartError)) throw err;
      const partial = err.details.partial;
      if (err.status !== 413 || !partial) return sendError(ctx, deps.views, err.status, { title: 'Bad request', message: err.message });
      return show(ctx, formFrom(partial), { problem: COMPOSE_TEXT.tooLarge(limitKb), errors: { [ATTACHMENT_FIELD]: err.message } }, 413);
    }
    const form = formFrom(body);
    if (body.fields.body === null) return show(ctx, form, { errors: { body: COMPOSE_TEXT.bodyTooLong } }, 413);
    const files = body.uploads.filter((file) => file.field === ATTACHMENT_FIELD);
    const again = files.length ? ` ${COMPOSE_TEXT.attachAgain}` : '';
    if (files.reduce((sum, file) => sum + file.bytes.length, 0) > deps.config.mailAttachmentLimitBytes) {
      return show(ctx, form, { problem: COMPOSE_TEXT.tooLarge(limitKb) }, 413);
    }
    try {
      const outcome = await sendComposed(deps.services, mailUserOf(currentAccount(ctx)), form, files);
      const lines = [COMPOSE_TEXT.sent, ...outcome.refused.map((one) => COMPOSE_TEXT.refused(one.recipient, one.reason))];
      if (!outcome.copySaved) lines.push(COMPOSE_TEXT.notSavedCopy);
      sessionData(ctx).flash = { kind: 'ok', text: lines.join(' ') };
      const folder = form.ref && form.ref.folder !== 'INBOX' ? form.ref.folder : undefined;
      ctx.status = 303;
      ctx.redirect(deps.url(flavour.routes.mail, {}, { folder }));
    } catch (err) {
      if (err instanceof ServiceError && err.kind === 'invalid') return show(ctx, form, { problem: COMPOSE_TEXT.invalid + again, errors: { [err.field ?? 'to']: err.message } }, 400);
      if (err instanceof MailRefusedError) return show(ctx, form, { problem: COMPOSE_TEXT.serverRefused(err.reason) + again }, 422);
      if (err instanceof MailUnavailableError) {
        deps.logger.warn(`${ctx.method} ${ctx.path}: ${err.message}`);
        return show(ctx, form, { problem: COMPOSE_TEXT.unavailable + again }, 503);
      }
      throw err;
    }
  });

  return router;
}
