import { AUDIT_EVENTS } from '../../core/audit-events.js';
import { DAY_MS, dayStart } from '../../core/dates.js';
import type { AuditFilters } from '../../services/audit-query.js';
import type { FieldErrors } from './form-errors.js';

/** Words of the audit-log filters. */
export const AUDIT_FILTER_TEXT = {
  tooLong: 'This value is too long.',
  eventUnknown: 'Choose one of the event types in the list.',
  dateFormat: 'Enter a date as YYYY-MM-DD, for example 2026-11-28.',
  dateOrder: 'The end date must not be before the start date.',
  pageKey: 'This page link is not valid; start again from the newest events.',
};

/** The filters as typed (shown back in the form and carried by page links). */
export interface AuditFilterValues {
  domain: string;
  account: string;
  address: string;
  event: string;
  from: string;
  to: string;
}

/** Parsed filters: the query for the audit log, or the errors beside each field. */
export type ParsedAuditFilters = { values: AuditFilterValues; query: AuditFilters; errors: FieldErrors };

const MAX = { domain: 253, account: 320, address: 64, event: 40, from: 10, to: 10, before: 19 } as const;


/**
 * Reads the audit-log filters from query parameters (`raw(name)` answers the text, or undefined when
 * the parameter is missing, and null when it was repeated or not text): domain, account address,
 * client address, event type, dates from/to (whole UTC days, inclusive) and the `before` page key.
 */
export function parseAuditFilters(raw: (name: string) => string | null | undefined): ParsedAuditFilters {
  const errors: FieldErrors = {};
  const read = (name: keyof typeof MAX): string => {
    const value = raw(name);
    if (value === null || (value !== undefined && value.length > MAX[name])) {
      errors[name] = name === 'before' ? AUDIT_FILTER_TEXT.pageKey : AUDIT_FILTER_TEXT.tooLong;
      return '';
    }
    return (value ?? '').trim();
  };
  const domain = read('domain').toLowerCase();
  const typed = read('account');
  const account = typed.includes('@') ? typed.toLowerCase() : typed;
  const address = read('address');
  const event = read('event');
  const from = read('from');
  const to = read('to');
  const before = read('before');
  const query: AuditFilters = {};
  if (domain) query.domain = domain;
  if (account) query.subject = account;
  if (address) query.ip = address;
  if (event) {
    if (Object.hasOwn(AUDIT_EVENTS, event)) query.event = event;
    else errors.event = AUDIT_FILTER_TEXT.eventUnknown;
  }
  if (from) {
    const start = dayStart(from);
    if (start === null) errors.from = AUDIT_FILTER_TEXT.dateFormat;
    else query.from = start;
  }
  if (to) {
    const start = dayStart(to);
    if (start === null) errors.to = AUDIT_FILTER_TEXT.dateFormat;
    else query.to = start + DAY_MS - 1;
  }
  if (query.from !== undefined && query.to !== undefined && query.to < query.from) errors.to = AUDIT_FILTER_TEXT.dateOrder;
  if (before) {
    if (/^[1-9]\d{0,15}$/.test(before)) query.beforeId = Number(before);
    else errors.before = AUDIT_FILTER_TEXT.pageKey;
  }
  return { values: { domain, account, address, event, from, to }, query, errors };
}
