import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import nunjucks from 'nunjucks';
import type { Context } from 'koa';
import type { Logger } from '../logger.js';
import { PUBLIC_DIR, VIEWS_DIR } from '../paths.js';
import { firstLine, memoryLoader, TemplateOverrides } from './template-overrides.js';
import { chooseEncoding } from './compression.js';
import { staticSources } from './script-files.js';
import { sharedPageGzip, sharedPageHtml, type SharedPage } from './shared-pages.js';
import type { UrlBuilder } from './urls.js';

/** Renders templates with autoescaping; the one place that knows about nunjucks. */
export interface Views {
  /** Renders `template` with `model` to a string, with `domain`'s own templates first when it has any. */
  render(template: string, model: Record<string, unknown>, domain?: string | null): string;
  /** Renders only the body of a public page (no html, head or main element), to preview it inside another page. */
  renderPreview(template: string, model: Record<string, unknown>, domain?: string | null): string;
  /** Turns on per-domain templates from `dir/<domain>/`, reporting broken ones now and on first use. */
  useOverrides(dir: string, logger: Logger): void;
  /** The nunjucks environment of the product's own templates. */
  env: nunjucks.Environment;
}

// The preview stands in for the page skeleton, so a page's body can sit inside a WebAdmin page.
const PREVIEW_BASE = '<div class="preview-page {% block bodyClass %}{% endblock %}">{% block body %}{% endblock %}</div>';

function previewPublicLayout(): string {
  const source = fs.readFileSync(path.join(VIEWS_DIR, 'layouts', 'public.njk'), 'utf8');
  return source.replace(/<main\b/g, '<div').replace(/<\/main>/g, '</div>').replace(/\sid="main"/g, '');
}

/** Content hashes of the files under public/ and the VENDOR_FILES, for cache-busting URLs. */
export function publicAssetVersions(): Map<string, string> {
  const versions = new Map<string, string>();
  const sources = staticSources(PUBLIC_DIR);
  for (const [file, full] of sources) {
    if (fs.statSync(full).isFile()) {
      versions.set(file, crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex').slice(0, 12));
    }
  }
  return versions;
}

/** The template environment over views/, with `url` and `asset` helpers and a date filter. */
export function createViews(url: UrlBuilder, hasRoute: (name: string) => boolean, opts: { cache: boolean } = { cache: true }): Views {
  const versions = publicAssetVersions();
  // Every environment, the product's and each domain's, gets the same options, globals and filters,
  // and a views/ loader of its own: nunjucks keeps compiled templates in the loader, bound to one environment.
  const makeEnv = (front: nunjucks.ILoader[]) => {
    const productLoader = new nunjucks.FileSystemLoader(VIEWS_DIR, { noCache: !opts.cache });
    const made = new nunjucks.Environment([...front, productLoader], { autoescape: true, throwOnUndefined: false });
    made.addGlobal('url', url);
    made.addGlobal('hasRoute', hasRoute);
    made.addGlobal('asset', (file: string) => `/static/${file}?v=${versions.get(file) ?? '0'}`);
    made.addFilter('datetime', (ms: number | null | undefined) =>
      ms === null || ms === undefined ? '' : new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
    );
    return made;
  };
  const env = makeEnv([]);
  let overrides: TemplateOverrides | null = null;
  const previews = new Map<string, nunjucks.Environment>();
  const previewEnv = (key: string): nunjucks.Environment => {
    let found = previews.get(key);
    if (!found || !opts.cache) {
      const chain = [memoryLoader({ 'layouts/base.njk': PREVIEW_BASE })];
      if (key && overrides) chain.push(overrides.loaderFor(key));
      found = makeEnv([...chain, memoryLoader({ 'layouts/public.njk': previewPublicLayout() })]);
      previews.set(key, found);
    }
    return found;
  };
  const renderWith = (chosen: nunjucks.Environment, fallback: nunjucks.Environment, domain: string, template: string, model: Record<string, unknown>) => {
    try {
      return chosen.render(template, model);
    } catch (err) {
      overrides?.report(`${domain}/${template}`, `failed while rendering (${firstLine(err)})`);
      return fallback.render(template, model);
    }
  };
  return {
    env,
    render(template, model, domain) {
      const domainEnv = domain && overrides ? overrides.envFor(domain) : null;
      return domainEnv ? renderWith(domainEnv, env, domain!, template, model) : env.render(template, model);
    },
    renderPreview(template, model, domain) {
      const key = domain && overrides?.hasFolder(domain) ? domain : '';
      return key ? renderWith(previewEnv(key), previewEnv(''), key, template, model) : previewEnv('').render(template, model);
    },
    useOverrides(dir, logger) {
      overrides = new TemplateOverrides(dir, logger, makeEnv, env, opts.cache);
      previews.clear();
      const count = overrides.checkAll();
      if (count > 0) logger.info(`Branding templates: ${count} per-domain template file(s) found under ${dir}`);
    },
  };
}

/** The domain whose own templates a page uses: set for WebMail pages only (see `brandedTemplates`). */
function templateDomain(ctx: Context): string | null {
  if (!ctx.state.brandedTemplates) return null;
  return ctx.state.domain?.name ?? null;
}

/** Lets this area's pages use the per-domain templates of the domain in `ctx.state.domain`. */
export async function brandedTemplates(ctx: Context, next: () => Promise<unknown>): Promise<void> {
  ctx.state.brandedTemplates = true;
  await next();
}

/**
 * Sends an HTML page rendered from `template`, with a status (200 unless told). A `shared` page
 * (the same for every anonymous visitor but for its CSRF token) is rendered and compressed once and reused.
 */
export function sendPage(ctx: Context, views: Views, template: string, model: Record<string, unknown>, status = 200, shared?: SharedPage): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  // Pages carry personal data and one-time tokens: never cached by the browser or a proxy.
  ctx.set('Cache-Control', 'no-store');
  const domain = templateDomain(ctx);
  if (shared) {
    const page = { owner: shared.owner, variant: `${template}|${domain ?? ''}|${shared.variant}` };
    const render = (slot: string) => views.render(template, { ...ctx.state.viewBase, ...model, csrfToken: slot }, domain);
    ctx.vary('Accept-Encoding');
    // Brotli cannot take text spliced into a stream compressed beforehand; gzip can, for a CRC per request.
    if (chooseEncoding(ctx.get('Accept-Encoding'), ['gzip']) === 'gzip') {
      ctx.set('Content-Encoding', 'gzip');
      ctx.body = sharedPageGzip(page, ctx.state.csrfToken(), render);
      return;
    }
    ctx.body = sharedPageHtml(page, ctx.state.csrfToken(), render);
    return;
  }
  ctx.body = views.render(template, { ...ctx.state.viewBase, ...model }, domain);
}
