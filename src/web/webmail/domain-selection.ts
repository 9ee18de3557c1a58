import type { Context, Next } from 'koa';
import type { ServiceContext } from '../../services/context.js';
import { findDomainForHost, findDomainNamed, type DomainRecord } from '../../services/domains.js';
import { SETTINGS_TTL_MS } from '../../services/settings-cache.js';
import { brandFor, type BrandView } from '../brand.js';
import { queryText } from '../forms.js';

/** The domain a WebMail page is for (null: none chosen) and the branding it shows. */
export interface DomainSelection {
  domain: DomainRecord | null;
  brand: BrandView;
}

/** Most distinct host names and domain parameters remembered at once (both come from the request). */
const MAX_ENTRIES = 1000;

/**
 * Domain lookups by host name or name, kept for a few seconds so an anonymous page view costs no
 * query; another instance's change shows within the same delay as server settings.
 */
export class DomainSelector {
  private readonly cache = new Map<string, { domain: DomainRecord | null; at: number }>();

  constructor(private readonly services: ServiceContext) {}

  /** The selection for a request's host name and optional `domain` parameter. */
  async forRequest(host: string, domainParam: string): Promise<DomainSelection & { byParam: boolean }> {
    const byHost = await this.cached(`host:${host}`, () => findDomainForHost(this.services, host));
    if (byHost.domain || !domainParam) return { ...byHost, byParam: false };
    const byName = await this.forName(domainParam);
    return { ...byName, byParam: byName.domain !== null };
  }

  /** The selection for the domain `name` (an account's own domain). */
  forName(name: string): Promise<DomainSelection> {
    return this.cached(`name:${name}`, () => findDomainNamed(this.services, name));
  }

  private async cached(key: string, find: () => Promise<DomainRecord | null>): Promise<DomainSelection> {
    const now = this.services.clock.now();
    const hit = this.cache.get(key);
    let domain: DomainRecord | null;
    if (hit && now - hit.at <= SETTINGS_TTL_MS && now >= hit.at) {
      domain = hit.domain;
    } else {
      domain = await find();
      if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
      this.cache.set(key, { domain, at: now });
    }
    // The brand has its own short cache, which a branding save on this instance clears at once.
    return { domain, brand: await brandFor(this.services, domain) };
  }
}

/** Domain names as typed in a host header or a query: lower case, letters, digits, dots and hyphens. */
function cleanName(raw: string): string {
  const value = raw.trim().toLowerCase();
  return /^[a-z0-9.-]{1,253}$/.test(value) ? value : '';
}

/**
 * Chooses the domain of a WebMail page from the host name, else the `domain` query parameter, and
 * puts it in `ctx.state.domain` and its branding (and the parameter, to keep) in the view base.
 */
export function domainSelection(selector: DomainSelector) {
  return async (ctx: Context, next: Next) => {
    const selection = await selector.forRequest(cleanName(ctx.hostname), cleanName(queryText(ctx, 'domain', 253)));
    ctx.state.domain = selection.domain;
    // Forms of a page chosen by the query keep the choice when they post back.
    ctx.state.viewBase.domainQuery = selection.byParam ? selection.domain!.name : undefined;
    ctx.state.viewBase.brand = selection.brand;
    await next();
  };
}
