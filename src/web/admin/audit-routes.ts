import { AUDIT_EVENTS } from '../../core/audit-events.js';
import { listAuditPage } from '../../services/audit-query.js';
import type { WebDeps } from '../deps.js';
import { sendPage } from '../render.js';
import { parseAuditFilters } from './audit-filters.js';
import { auditRow } from './audit-view.js';
import { adminRouter } from './guard.js';

const EVENT_OPTIONS = Object.entries(AUDIT_EVENTS).map(([value, label]) => ({ value, label }));

/** The server-wide audit log: filters by domain, account, event type and dates, newest first, "Older" pages. */
export function auditRoutes(deps: WebDeps) {
  const router = adminRouter();

  router.get('audit', '/audit', async (ctx) => {
    const parsed = parseAuditFilters((name) => {
      const value = ctx.query[name];
      return value === undefined ? undefined : typeof value === 'string' ? value : null;
    });
    const failed = Object.keys(parsed.errors).length > 0;
    const { events, olderThan } = failed ? { events: [], olderThan: null } : await listAuditPage(deps.services, parsed.query);
    const carried = Object.fromEntries(Object.entries(parsed.values).filter(([, value]) => value !== ''));
    sendPage(
      ctx,
      deps.views,
      'admin/audit/log.njk',
      {
        filters: parsed.values,
        carried,
        eventOptions: EVENT_OPTIONS,
        events: events.map(auditRow),
        olderThan,
        paged: parsed.query.beforeId !== undefined,
        filtered: Object.keys(carried).length > 0,
        errors: parsed.errors,
      },
      failed ? 400 : 200,
    );
  });

  return router;
}
