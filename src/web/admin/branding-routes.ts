import type { Context } from 'koa';
import {
  BRANDING_LIMITS,
  IMAGE_FIELDS,
  checkBranding,
  editedBranding,
  imageTypes,
  proposedLevels,
  saveBranding,
  storePreviewAssets,
  type BrandingField,
  type BrandingTarget,
  type BrandingValues,
} from '../../services/branding.js';
import { requireDomain } from '../../services/domains.js';
import { assetUrl, BRANDING_PATHS, imageHashes, invalidateBrands, resolveBrand, themeKey } from '../brand.js';
import type { WebDeps } from '../deps.js';
import { multipartBody, MultipartError } from '../multipart.js';
import { sendPage } from '../render.js';
import { DESKTOP } from '../webmail/flavour.js';
import { CHALLENGE_TEXT, LOGIN_TEXT } from '../webmail/strings.js';
import { attempt } from './form-errors.js';
import { brandingFields, readBrandingForm, refusedUpload, type BrandingErrors } from './branding-form.js';
import { BRANDING_TEXT } from './branding-strings.js';
import { adminActor, adminRouter, redirectTo, setFlash, urlsOf } from './guard.js';

/** What the form shows beyond the stored values: what was typed and sent, problems, a preview. */
interface FormState {
  typed: Partial<Record<BrandingField, string>>;
  kept: Partial<Record<BrandingField, string>>;
  reset: ReadonlySet<BrandingField>;
  errors: BrandingErrors;
  preview: { themeUrl: string | null; login: string; challenge: string } | null;
}

const FRESH: FormState = { typed: {}, kept: {}, reset: new Set(), errors: {}, preview: null };

function routeOf(target: BrandingTarget): { name: string; params: Record<string, string> } {
  return target.kind === 'server' ? { name: 'serverBranding', params: {} } : { name: 'domainBranding', params: { domain: target.name } };
}

/** The login and challenge pages rendered with the proposed (unsaved) values, for the preview box. */
async function renderPreview(deps: WebDeps, target: BrandingTarget, proposed: BrandingValues, inherited: BrandingValues): Promise<FormState['preview']> {
  const values = proposedLevels(target, proposed, inherited);
  const domainName = target.kind === 'domain' ? target.name : null;
  const brand = resolveBrand(values, domainName, await imageTypes(deps.services, imageHashes(values)));
  const key = themeKey(values.domain.accentColor ?? values.server.accentColor, values.domain.backgroundColor ?? values.server.backgroundColor);
  // Preview forms are inert (no token, inside a disabled fieldset); the rest of the model is the real pages'.
  const common = { brand, routes: DESKTOP.routes, csrfToken: '', domainQuery: domainName ?? undefined };
  return {
    themeUrl: key ? `${BRANDING_PATHS.previewTheme}${key}.css` : null,
    login: deps.views.renderPreview(DESKTOP.views.login, { ...common, title: LOGIN_TEXT.title, username: '', errors: {}, domainName }, domainName),
    challenge: deps.views.renderPreview(
      DESKTOP.views.challenge,
      { ...common, title: CHALLENGE_TEXT.title, text: CHALLENGE_TEXT, address: BRANDING_TEXT.previewAddress(domainName), mode: 'code', error: null },
      domainName,
    ),
  };
}

async function show(ctx: Context, deps: WebDeps, target: BrandingTarget, state: FormState, status = 200): Promise<void> {
  const { own, inherited } = await editedBranding(deps.services, target);
  const hashes = [...imageHashes({ server: inherited, domain: own }), ...Object.values(state.kept).filter((h): h is string => Boolean(h))];
  const types = await imageTypes(deps.services, hashes);
  const urlOf = (hash: string | null) => (hash && types.has(hash) ? assetUrl(hash, types.get(hash)!) : null);
  const route = routeOf(target);
  sendPage(
    ctx,
    deps.views,
    'admin/branding/edit.njk',
    {
      title: target.kind === 'server' ? BRANDING_TEXT.serverTitle : BRANDING_TEXT.domainTitle(target.name),
      section: target.kind === 'server' ? 'settings' : 'domains',
      target: { kind: target.kind, domain: target.kind === 'domain' ? target.name : null },
      actionUrl: urlsOf(deps)(route.name, route.params),
      fields: brandingFields({ own, inherited, ...state, urlOf }),
      imageKb: BRANDING_LIMITS.imageBytes / 1024,
      imagePixels: BRANDING_TEXT.pixelLimit(BRANDING_LIMITS.imagePixels),
      errors: state.errors,
      preview: state.preview,
    },
    status,
  );
}

async function submit(ctx: Context, deps: WebDeps, target: BrandingTarget): Promise<void> {
  let read;
  try {
    read = readBrandingForm(await multipartBody(ctx));
  } catch (err) {
    if (!(err instanceof MultipartError)) throw err;
    const refused = refusedUpload(err);
    return show(ctx, deps, target, { ...FRESH, typed: refused.typed, kept: refused.input.kept, reset: refused.input.reset, errors: refused.errors }, err.status);
  }
  const checked = await checkBranding(deps.services, read.input);
  // Good images are kept even when another field is at fault, so they need not be sent again.
  await storePreviewAssets(deps.services, checked);
  const kept: FormState['kept'] = { ...read.input.kept };
  for (const field of IMAGE_FIELDS) if (read.input.uploads[field] && checked.patch[field]) kept[field] = checked.patch[field]!;
  const state: FormState = { typed: read.typed, kept, reset: read.input.reset, errors: { ...read.errors, ...checked.errors }, preview: null };
  if (Object.keys(state.errors).length > 0) return show(ctx, deps, target, { ...state, errors: { ...state.errors, form: BRANDING_TEXT.fixErrors } }, 400);
  if (read.intent === 'preview') {
    const { own, inherited } = await editedBranding(deps.services, target);
    state.preview = await renderPreview(deps, target, { ...own, ...checked.patch }, inherited);
    return show(ctx, deps, target, state);
  }
  // The new images are stored and checked already: the save takes them by hash, not decoded again.
  const saved = await attempt(() => saveBranding(deps.services, adminActor(ctx), target, { ...read.input, uploads: {}, kept }));
  if (!saved.ok) return show(ctx, deps, target, { ...state, errors: { ...saved.errors, form: BRANDING_TEXT.fixErrors } }, saved.status);
  invalidateBrands(deps.services);
  setFlash(ctx, BRANDING_TEXT.saved);
  const route = routeOf(target);
  redirectTo(ctx, deps, route.name, route.params);
}

async function domainTarget(deps: WebDeps, name: string): Promise<BrandingTarget> {
  const domain = await requireDomain(deps.services, name);
  return { kind: 'domain', id: domain.id, name: domain.name };
}

/** "Configure branding": the server default at /admin/branding and each domain's, with a preview. */
export function brandingAdminRoutes(deps: WebDeps) {
  const router = adminRouter();
  const server: BrandingTarget = { kind: 'server' };
  router.get('serverBranding', '/branding', (ctx) => show(ctx, deps, server, FRESH));
  router.post('/branding', (ctx) => submit(ctx, deps, server));
  router.get('domainBranding', '/domains/:domain/branding', async (ctx) => show(ctx, deps, await domainTarget(deps, ctx.params.domain), FRESH));
  router.post('/domains/:domain/branding', async (ctx) => submit(ctx, deps, await domainTarget(deps, ctx.params.domain)));
  return router;
}
