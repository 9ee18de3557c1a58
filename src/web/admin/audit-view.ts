import { AUDIT_EVENTS } from '../../core/audit-events.js';
import type { AuditEvent } from '../../services/audit-query.js';

/** How each kind of actor reads in the log. */
const ACTOR_KINDS: Record<AuditEvent['actor']['kind'], string> = {
  user: 'user',
  admin: 'administrator',
  cli: 'CLI',
  system: 'system',
};

/** One line of an audit table, ready to show. */
export interface AuditRow {
  id: number;
  at: number;
  event: string;
  label: string;
  subject: string;
  domain: string;
  actor: string;
  ip: string;
  detail: string;
}

/** The words of an event type, or the type itself when it has none. */
export function auditLabel(event: string): string {
  return Object.hasOwn(AUDIT_EVENTS, event) ? AUDIT_EVENTS[event as keyof typeof AUDIT_EVENTS] : event;
}

/** An audit event as a table row. */
export function auditRow(event: AuditEvent): AuditRow {
  return {
    id: event.id,
    at: event.at,
    event: event.event,
    label: auditLabel(event.event),
    subject: event.subject ?? '',
    domain: event.domain ?? '',
    actor: `${ACTOR_KINDS[event.actor.kind] ?? event.actor.kind} ${event.actor.name}`,
    ip: event.actor.ip ?? '',
    detail: event.count > 1 ? `${event.detail ?? ''} (repeated ${event.count} times)` : (event.detail ?? ''),
  };
}
