import type { TwoFactorSetting } from '../../core/policy.js';
import type { TwoFactorStatus } from '../../core/two-factor-status.js';

/** Longest first or last name accepted, in characters. */
export const PERSON_NAME_MAX = 100;

/** Words of the "Manage Accounts" screens. */
export const ACCOUNT_TEXT = {
  nameMissing: 'Enter the account name (the part before @).',
  nameTooLong: 'The account name is too long.',
  passwordMissing: 'Enter a password, at least 8 characters.',
  passwordTooLong: 'The password is too long.',
  personNameTooLong: `Names may have at most ${PERSON_NAME_MAX} characters.`,
  keyMalformed: 'The secret key must be exactly 16 characters: capital letters A–Z and digits 2–7.',
  inheritUnknown: 'Choose the domain defaults or one of the account classes.',
  settingUnknown: 'Choose one of the 2-Step Verification settings.',
  searchTooLong: 'The search text is too long.',
  stateUnknown: 'Choose one of the states in the list.',
  created: (address: string) => `The account ${address} was added.`,
  saved: (address: string) => `The changes to ${address} were saved.`,
  randomPassword: (address: string, password: string) => `The new password of ${address} is ${password} — give it to the user now; it is not shown again.`,
  keyProvisioned: (address: string) => `The secret key of ${address} was added; 2-Step Verification is configured.`,
  keyReset: (address: string) => `The secret key of ${address} was reset. The user must pair an authenticator app again.`,
  devicesRevoked: (address: string) => `All devices of ${address} were revoked.`,
  deviceRemoved: (address: string, name: string) => `The device "${name}" of ${address} was removed; its codes no longer pass.`,
  unlocked: (address: string) => `Code entry for ${address} was unlocked.`,
  removed: (address: string) => `The account ${address} was removed.`,
  restrictionsSaved: (address: string) => `The restrictions of ${address} were saved.`,
  nothingToUnlock: (address: string) => `Code entry for ${address} was not locked.`,
  appPasswordRevoked: (address: string, name: string) => `The app password "${name}" of ${address} was revoked.`,
  browsersForgotten: (address: string, count: number) =>
    count === 0 ? `${address} had no trusted browsers.` : count === 1 ? `The trusted browser of ${address} was forgotten.` : `All ${count} trusted browsers of ${address} were forgotten.`,
  appPasswordsRevoked: (address: string, count: number) =>
    count === 0 ? `${address} had no app passwords to revoke.` : count === 1 ? `The app password of ${address} was revoked.` : `All ${count} app passwords of ${address} were revoked.`,
};

/** Words of the App passwords section of the General tab. */
export const APP_PASSWORD_VIEW_TEXT = {
  neverUsed: 'Never used',
};

/** How each status reads in the filter and in the list, with the badge it wears. */
export const STATUS_VIEW: Record<TwoFactorStatus | 'grace', { filter: string; badge: 'on' | 'warn' | 'off' | 'bad' }> = {
  not_enabled: { filter: 'Not enabled', badge: 'off' },
  not_configured: { filter: 'Enabled, not configured', badge: 'warn' },
  grace: { filter: 'In grace period', badge: 'warn' },
  configured: { filter: 'Configured', badge: 'on' },
  locked: { filter: 'Locked', badge: 'bad' },
};

/** The Restrictions choices: inherit, or one explicit setting, in Axigen's words. */
export const RESTRICTION_CHOICES: { value: 'inherit' | TwoFactorSetting; label: string }[] = [
  { value: 'inherit', label: 'Inherited' },
  { value: 'disabled', label: 'Disabled' },
  { value: 'enabled', label: 'Enable 2-Step Verification' },
  { value: 'mandatory', label: 'Make 2-Step Verification mandatory' },
];

/** "mandatory, inherited from class staff": an effective setting with where it comes from. */
export function settingWithSource(value: TwoFactorSetting, sourceText: string): string {
  return `${value}, ${sourceText}`;
}

/** A confirmation step: its title, what will happen, and the button that does it. */
export interface ConfirmText {
  title: string;
  lines: string[];
  button: string;
}

/** Words of the confirmation steps, by action. */
export const CONFIRM_TEXT = {
  resetKey: (address: string): ConfirmText => ({
    title: `Reset the secret key of ${address}?`,
    lines: [
      'A new secret key replaces the current one. Authenticator apps paired with the old key stop working, and so do the recovery codes.',
      'The user must pair an authenticator app again: at the next sign-in when 2-Step Verification is mandatory, otherwise from Settings.',
    ],
    button: 'Reset secret key',
  }),
  revoke: (address: string): ConfirmText => ({
    title: `Revoke all devices of ${address}?`,
    lines: [
      'Every authenticator app paired with this account stops working and its recovery codes are deleted; its other sessions are signed out.',
      'When 2-Step Verification is optional it is off until the user turns it on again; when it is mandatory the user must set it up again at the next sign-in.',
    ],
    button: 'Revoke all devices',
  }),
  revokeAppPassword: (address: string, name: string): ConfirmText => ({
    title: `Revoke the app password "${name}" of ${address}?`,
    lines: [
      'Mail clients that sign in with it over IMAP, POP3 or SMTP are refused from their next sign-in.',
      'The user can create a new one in WebMail Settings, and must enter it in those mail clients.',
    ],
    button: 'Revoke',
  }),
  revokeAppPasswords: (address: string): ConfirmText => ({
    title: `Revoke all app passwords of ${address}?`,
    lines: [
      'Every mail client that signs in with one of them over IMAP, POP3 or SMTP is refused from its next sign-in.',
      'The user can create new ones in WebMail Settings, and must enter them in those mail clients.',
    ],
    button: 'Revoke all',
  }),
  removeDevice: (address: string, name: string): ConfirmText => ({
    title: `Remove the device "${name}" of ${address}?`,
    lines: ['Its codes stop passing 2-Step Verification at once. The other devices, the recovery codes and the sessions stay as they are; the user is told by a notice.'],
    button: 'Remove device',
  }),
  forgetBrowsers: (address: string): ConfirmText => ({
    title: `Forget the trusted browsers of ${address}?`,
    lines: ['Each browser where the user chose "Don\'t ask again" asks for a verification code at its next sign-in. Nothing else changes.'],
    button: 'Forget trusted browsers',
  }),
  remove: (address: string): ConfirmText => ({
    title: `Remove the account ${address}?`,
    lines: ['Its mailbox, its messages, its sessions and its 2-Step Verification key and recovery codes go with it. This cannot be undone.'],
    button: 'Remove account',
  }),
};

/** Words of an account's set-up deadline panel. */
export const DEADLINE_TEXT = {
  none: 'none fixed yet: the first sign-in that asks for set-up fixes it from the setting',
  inGrace: 'in grace period: the user may choose "Not now" until then',
  forced: 'set-up is required at once at the next sign-in',
  saved: (address: string, when: string) => `The set-up deadline of ${address} is now ${when}.`,
  cleared: (address: string) => `The set-up deadline of ${address} was cleared; the next sign-in that asks for set-up fixes a new one from the setting.`,
};

/** What the impact preview says is about to change ("… if you save this change to the …"). */
export const IMPACT_TEXT = {
  restrictions: (address: string) => `Restrictions of ${address}`,
  inheritance: (address: string) => `inherited settings of ${address}`,
};
