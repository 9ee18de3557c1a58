import { isDayCount } from '../core/dates.js';
import { TRUST_DAYS_PROBLEM } from '../core/trusted-browser.js';
import { ServiceError } from './errors.js';

/** A value of "Allow trusting a browser for N days" checked for storing (null = inherited); refused unless a whole number 0–365. */
export function checkTrustDays<T extends number | null>(value: T): T {
  if (value !== null && !isDayCount(value)) throw new ServiceError('invalid', TRUST_DAYS_PROBLEM, 'trustDays');
  return value;
}

/** How the audit log words a change of the trusted-browser setting. */
export function trustDaysDetail(value: number | null): string {
  if (value === null) return 'trusting a browser inherited';
  return value === 0 ? 'trusting a browser: off' : `trusting a browser: ${value} day(s)`;
}
