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
  repaired: (name: string, count: number) => `Everyone in the class ${name} must pair again: ${count} account${count === 1 ? '' : 's'} got a new key and a notice.`,
};

/** Words of the Server Settings screen. */
export const SETTINGS_TEXT = {
  notMinutes: 'Enter a whole number of minutes.',
  saved: 'The server settings were saved.',
  unchanged: 'Nothing was changed.',
  selfUnpaired: 'You have not set up 2-Step Verification yourself: you will have to at your next sign-in.',
};

/** Words of the Administrators screens. */
export const ADMINS_TEXT = {
  nameMissing: 'Enter a name for the administrator.',
  nameMalformed: 'Enter one name of at most 64 characters.',
  passwordMalformed: 'Enter one password of at most 256 characters.',
  mismatch: 'The two passwords are not the same.',
  created: (name: string) => `The administrator ${name} was added.`,
  removed: (name: string) => `The administrator ${name} was removed and signed out.`,
  passwordChanged: (name: string) => `The password of ${name} was changed; their other sessions were signed out.`,
  builtin: (name: string) => `The built-in administrator ${name} cannot be removed.`,
  self: 'You cannot remove yourself; ask another administrator.',
  resetSelf: 'You cannot reset your own 2-Step Verification here; use My account, or ask another administrator.',
  twoFactorReset: (name: string) => `The 2-Step Verification of ${name} was reset and their sessions ended; their next sign-in sets it up again when it is mandatory.`,
};

/** An admin's 2-Step Verification status as the Administrators list shows it. */
export function adminTwoFactorLabel(state: { configured: boolean; lockedUntil: number | null }, mandatory: boolean, now: number): { text: string; badge: 'on' | 'warn' | 'off' | 'bad' } {
  if (state.lockedUntil !== null && state.lockedUntil > now) return { text: 'locked', badge: 'bad' };
  if (state.configured) return { text: 'on', badge: 'on' };
  return mandatory ? { text: 'off, must set up at next sign-in', badge: 'warn' } : { text: 'off', badge: 'off' };
}

/** Words of "My account" and the admin's own 2-Step Verification screens. */
export const ME_TEXT = {
  passwordChanged: 'Your password was changed; your other WebAdmin sessions were signed out.',
  passwordWrong: 'That password is not correct.',
  passwordMissing: 'Enter your password.',
  reverifyFirst: 'Enter your password again to continue.',
  turnedOn: '2-Step Verification is on: each sign-in to WebAdmin now asks for a code from your authenticator app.',
  revoked: 'All devices were revoked: 2-Step Verification is off for your sign-in.',
  revokedMandatory: 'All devices were revoked. 2-Step Verification is mandatory for administrators: set it up again now.',
  notOn: '2-Step Verification is not on for your sign-in.',
  codesGone: 'The recovery codes were shown once and are no longer available.',
};
