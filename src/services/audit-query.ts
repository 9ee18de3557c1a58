import { listAudit, type AuditEvent, type AuditQuery } from '../repos/audit.js';
import type { ServiceContext } from './context.js';

export type { AuditEvent };

/** Events on one page of the audit log. */
export const AUDIT_PAGE_SIZE = 50;

/** Events of an account shown on its page in WebAdmin. */
export const RECENT_EVENTS = 20;

/** Filters of the audit log (all optional); `beforeId` is the page key of the "Older" link. */
export type AuditFilters = Omit<AuditQuery, 'limit'>;

/** One page of the audit log, newest first, and the page key of the next older page (null on the last). */
export interface AuditPage {
  events: AuditEvent[];
  olderThan: number | null;
}

/** The newest AUDIT_PAGE_SIZE events that pass `filters`, and whether older ones follow. */
export async function listAuditPage(ctx: ServiceContext, filters: AuditFilters): Promise<AuditPage> {
  const found = await listAudit(ctx.db, { ...filters, limit: AUDIT_PAGE_SIZE + 1 });
  const events = found.slice(0, AUDIT_PAGE_SIZE);
  return { events, olderThan: found.length > AUDIT_PAGE_SIZE ? events[events.length - 1].id : null };
}

/** The newest RECENT_EVENTS events about `subject` (an account's address). */
export async function recentEventsAbout(ctx: ServiceContext, subject: string): Promise<AuditEvent[]> {
  return listAudit(ctx.db, { subject, limit: RECENT_EVENTS });
}
