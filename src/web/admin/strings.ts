import { describeDuration } from '../../core/lockout.js';
import type { TwoFactorSetting } from '../../core/policy.js';

/** The product name WebAdmin pages carry. */
export const ADMIN_BRAND_NAME = 'Twostep WebAdmin';

/** Words of the WebAdmin sign-in pages. */
export const SIGN_IN_TEXT = {
  wrong: 'Wrong name or password.',
  nameMissing: 'Enter your administrator name.',
  passwordMissing: 'Enter your password.',
  expired: 'Your WebAdmin session has ended. Sign in again.',
  signedOut: 'You have signed out of WebAdmin.',
  throttled: (waitMs: number) => `Too many failed sign-ins. Try again in ${describeDuration(waitMs)}.`,
};

/** How a 2-Step Verification setting reads in lists and on radio buttons. */
export const SETTING_LABELS: Record<TwoFactorSetting, string> = {
  disabled: 'disabled',
  enabled: 'enabled',
  mandatory: 'mandatory',
};

/** The words for a setting. */
export function settingLabel(value: TwoFactorSetting): string {
  return SETTING_LABELS[value];
}

/** Words of the domain screens. */
export const DOMAIN_TEXT = {
  nameMissing: 'Enter the domain name, for example example.com.',
  nameTooLong: 'The domain name is too long.',
  passwordTooLong: 'The password is too long.',
  created: (name: string) => `The domain ${name} was added with its postmaster account.`,
};
