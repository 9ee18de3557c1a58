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
  nameTooLong: 'Enter one domain name of at most 253 characters.',
  passwordTooLong: 'Enter one password of at most 256 characters.',
  created: (name: string) => `The domain ${name} was added with its postmaster account.`,
  removed: (name: string) => `The domain ${name} was removed with its accounts and account classes.`,
};

/** Words of the Restrictions sections and the domain's General tab. */
export const RESTRICTION_TEXT = {
  inherited: (value: TwoFactorSetting, from: string) => `Inherited (currently: ${value}, ${from})`,
  choice: {
    disabled: 'Disabled',
    enabled: 'Enable 2-Step Verification',
    mandatory: 'Make 2-Step Verification mandatory',
  } satisfies Record<TwoFactorSetting, string>,
  choiceMissing: 'Choose one of the settings.',
  badHost: (host: string) => `"${host.slice(0, 80)}" is not a valid host name (for example mail.example.com).`,
  tooManyHosts: (max: number) => `List at most ${max} host names.`,
  hostsTooLong: 'Enter the host names as one list of at most 2048 characters.',
};

/** Words of the account class screens. */
export const CLASS_TEXT = {
  nameMissing: 'Enter a name for the account class.',
  nameTooLong: 'Enter one class name of at most 64 characters.',
  explicit: (value: TwoFactorSetting) => `${value} (set on this class)`,
  created: (name: string, domain: string) => `The account class ${name} was added to ${domain}.`,
  saved: (name: string, value: TwoFactorSetting | null) => `The account class ${name} was saved: 2-Step Verification is ${value ?? 'inherited from the Account Defaults'}.`,
  removed: (name: string) => `The account class ${name} was removed; its accounts now inherit the domain's Account Defaults.`,
};
