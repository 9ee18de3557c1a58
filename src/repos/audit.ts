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
}

/** What to record; `at` comes from the service's clock. */
export interface AuditEntry {
  actor: Actor;
  domain?: string | null;
  subject?: string | null;
  event: string;
  detail?: string | null;
}

/** Appends one event to the audit log. */
export async function recordAudit(q: Queryable, entry: AuditEntry, at: number): Promise<void> {
  await q('audit_events').insert({
    at,
    actor_kind: entry.actor.kind,
    actor_name: entry.actor.name,
    domain: entry.domain ?? null,
    subject: entry.subject ?? null,
    event: entry.event,
    detail: entry.detail ?? null,
    ip: entry.actor.ip ?? null,
  });
}

/** Filters for reading the audit log; all optional. */
export interface AuditQuery {
  domain?: string;
  subject?: string;
  event?: string;
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
  }));
}
