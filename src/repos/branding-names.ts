import type { Queryable } from './queryable.js';

/** The product name users of a domain see: the domain's branding name, else the server default. */
export async function brandingNameFor(q: Queryable, domainId: number | null): Promise<string> {
  const server = await q('server_settings').where({ id: 1 }).first('branding_name');
  if (domainId !== null) {
    const domain = await q('domains').where({ id: domainId }).first('branding_name');
    if (domain?.branding_name) return domain.branding_name;
  }
  return server?.branding_name || 'Twostep';
}
