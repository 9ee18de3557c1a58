import { createHash } from 'node:crypto';
import type { Queryable } from './queryable.js';

/** Who did something: a WebMail user, a WebAdmin admin, the CLI, or the system itself. */
export interface Actor {
  kind: 'user' | 'admin' | 'cli' | 'system';
  /** The user's address, the admin's name or the CLI login. */
  name: string;
  /** Client address, when known. */
  ip?: string | null;
}

/** One audit record. */
export interface AuditEvent {
  id: number;
  at: number;
  actor: Actor;
  domain: string | null;
  /** The account address or admin name the event is about. */
  subject: string | null;
  event: string;
  detail: string | null;
  /** How many times the event happened in its burst (1 for a single event). */
  count: number;
}

/** What to record; `at` comes from the service's clock. */
export interface AuditEntry {
  actor: Actor;
  domain?: string | null;
  subject?: string | null;
  event: string;
  detail?: string | null;
}

function columnsOf(entry: AuditEntry, at: number) {
  return {
    at,
    actor_kind: entry.actor.kind,
    actor_name: entry.actor.name,
    domain: entry.domain ?? null,
    subject: entry.subject ?? null,
    event: entry.event,
    detail: entry.detail ?? null,
    ip: entry.actor.ip ?? null,
  };
}

/** Appends one event to the audit log. */
export async function recordAudit(q: Queryable, entry: AuditEntry, at: number): Promise<void> {
  await q('audit_events').insert(columnsOf(entry, at));
}

/** Length of a burst in ms: repeats of one event within the same minute share a row. */
export const BURST_MS = 60 * 1000;

/**
 * Records an event that may repeat in bursts: the first of a burst is a new row, each repeat adds one
 * to its count (one atomic statement), so a flood of attempts cannot flood the log. A burst is the
 * same event, actor, address, subject and detail within one minute, or, when `burst` names it,
 * whatever that key says is the same (e.g. one replayed step).
 */
export async function recordAuditBurst(q: Queryable, entry: AuditEntry, at: number, burst?: string): Promise<void> {
  const row = columnsOf(entry, at);
  const identity = burst ?? [row.event, row.actor_kind, row.actor_name, row.ip, row.domain, row.subject, row.detail, Math.floor(at / BURST_MS)].join('\u0000');
  const burstKey = createHash('sha256').update(identity).digest('hex');
  await q('audit_events')
    .insert({ ...row, count: 1, burst_key: burstKey })
    .onConflict('burst_key')
    .merge({ count: q.raw('audit_events.count + 1') });
}

/** Filters for reading the audit log; all optional. */
export interface AuditQuery {
  domain?: string;
  subject?: string;
  event?: string;
  /** Client address. */
  ip?: string;
  /** Inclusive bounds in ms. */
  from?: number;
  to?: number;
  /** Keyset pagination: events with a smaller id. */
  beforeId?: number;
  limit: number;
}

/** Newest events first, filtered. */
export async function listAudit(q: Queryable, query: AuditQuery): Promise<AuditEvent[]> {
  let rows = q('audit_events').orderBy('id', 'desc').limit(query.limit);
  if (query.domain) rows = rows.where('domain', query.domain);
  if (query.subject) rows = rows.where('subject', query.subject);
  if (query.event) rows = rows.where('event', query.event);
  if (query.ip) rows = rows.where('ip', query.ip);
  if (query.from !== undefined) rows = rows.where('at', '>=', query.from);
  if (query.to !== undefined) rows = rows.where('at', '<=', query.to);
  if (query.beforeId !== undefined) rows = rows.where('id', '<', query.beforeId);
  return (await rows).map((row) => ({
    id: Number(row.id),
    at: Number(row.at),
    actor: { kind: row.actor_kind, name: row.actor_name, ip: row.ip },
    domain: row.domain,
    subject: row.subject,
    event: row.event,
    detail: row.detail,
    count: Number(row.count ?? 1),
  }));
}
