import type { TwoFactorSetting } from '../core/policy.js';
import { whereContains, type Queryable } from './queryable.js';

/** A domain as the services see it. */
export interface DomainRecord {
  id: number;
  name: string;
  /** The Account Defaults' 2-Step Verification setting. */
  twoFactor: TwoFactorSetting;
  /** The Account Defaults' days allowed to set up 2-Step Verification (0 = at once). */
  graceDays: number;
  /** The Account Defaults' "Allow trusting a browser for N days" (0 = off). */
  trustDays: number;
  /** Host names that select this domain's WebMail branding. */
  webmailHosts: string[];
  brandingName: string | null;
  createdAt: number;
}

function domainFromRow(row: Record<string, any>): DomainRecord {
  return {
    id: row.id,
    name: row.name,
    twoFactor: row.two_factor,
    graceDays: Number(row.two_factor_grace_days ?? 0),
    trustDays: Number(row.two_factor_trust_days ?? 0),
    webmailHosts: row.webmail_hosts ? String(row.webmail_hosts).split(',').filter(Boolean) : [],
    brandingName: row.branding_name ?? null,
    createdAt: Number(row.created_at),
  };
}

/** The domain named `name` (lower case), or null. */
export async function findDomainByName(q: Queryable, name: string): Promise<DomainRecord | null> {
  const row = await q('domains').where({ name }).first();
  return row ? domainFromRow(row) : null;
}

/** The domain whose WebMail host list includes `host`, or null. */
export async function findDomainByWebmailHost(q: Queryable, host: string): Promise<DomainRecord | null> {
  const rows = await whereContains(q('domains').whereNotNull('webmail_hosts'), 'webmail_hosts', host);
  const row = rows.find((r) => String(r.webmail_hosts).split(',').includes(host));
  return row ? domainFromRow(row) : null;
}

/** Domains by name, optionally filtered by a substring, one page at a time. */
export async function listDomains(q: Queryable, opts: { search?: string; offset?: number; limit?: number } = {}): Promise<DomainRecord[]> {
  let query = q('domains').orderBy('name');
  if (opts.search) query = whereContains(query, 'name', opts.search.toLowerCase());
  if (opts.limit !== undefined) query = query.limit(opts.limit).offset(opts.offset ?? 0);
  return (await query).map(domainFromRow);
}

/** How many domains match an optional substring. */
export async function countDomains(q: Queryable, search?: string): Promise<number> {
  let query = q('domains');
  if (search) query = whereContains(query, 'name', search.toLowerCase());
  const row = await query.count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** Inserts a domain; answers its id. Throws a unique violation when the name is taken. */
export async function insertDomain(q: Queryable, name: string, now: number): Promise<number> {
  const [row] = await q('domains').insert({ name, two_factor: 'disabled', created_at: now }).returning('id');
  return typeof row === 'object' ? row.id : row;
}

/** Changes the given fields of a domain. */
export async function updateDomain(
  q: Queryable,
  id: number,
  patch: { twoFactor?: TwoFactorSetting; graceDays?: number; trustDays?: number; brandingName?: string | null; webmailHosts?: string[] },
): Promise<void> {
  const row: Record<string, unknown> = {};
  if (patch.twoFactor !== undefined) row.two_factor = patch.twoFactor;
  if (patch.graceDays !== undefined) row.two_factor_grace_days = patch.graceDays;
  if (patch.trustDays !== undefined) row.two_factor_trust_days = patch.trustDays;
  if (patch.brandingName !== undefined) row.branding_name = patch.brandingName;
  if (patch.webmailHosts !== undefined) row.webmail_hosts = patch.webmailHosts.length ? patch.webmailHosts.join(',') : null;
  if (Object.keys(row).length > 0) await q('domains').where({ id }).update(row);
}

/** Deletes a domain with its classes, accounts and their sessions and messages. */
export async function deleteDomain(q: Queryable, id: number): Promise<void> {
  const accountIds = q('accounts').select('id').where({ domain_id: id });
  await q('sessions').whereIn('account_id', accountIds).delete();
  await q('messages').whereIn('account_id', accountIds).delete();
  await q('mail_outbox').whereIn('account_id', accountIds).delete();
  await q('recovery_codes').whereIn('account_id', accountIds).delete();
  await q('accounts').where({ domain_id: id }).delete();
  await q('account_classes').where({ domain_id: id }).delete();
  await q('domains').where({ id }).delete();
}
