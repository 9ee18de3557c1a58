import { describeDuration } from '../../core/lockout.js';

/** Titles of the Settings and set-up screens (the seed's words for buttons and titles). */
export const TITLES = {
  settings: 'Settings',
  general: 'General',
  section: '2-Step Verification',
  turnOn: 'Turn on 2-Step Verification',
  mandatory: 'Set up 2-Step Verification',
  verify: 'Verify it\'s you',
  pair: 'Pair your authenticator app',
  done: 'Save your recovery codes',
  newCodes: 'Your new recovery codes',
  configure: 'Configure 2-Step Verification',
  addDevice: 'Add device',
  addSecurityKey: 'Add a security key or passkey',
  devices: 'Devices',
  revoke: 'Revoke all devices',
  regenerate: 'Regenerate recovery codes',
  appPasswords: 'App passwords',
  createAppPassword: 'Create app password',
  appPasswordCreated: 'Your new app password',
  revokeAppPassword: 'Revoke app password',
  revokeAllAppPasswords: 'Revoke all app passwords',
  trustedBrowsers: 'Trusted browsers',
} as const;

/** The state of the 2-Step Verification section in plain words, by case. */
export const SECTION_TEXT = {
  disabled: '2-Step Verification is not available for your account. Your administrator has not enabled it.',
  disabledWithKey: '2-Step Verification is not available for your account right now, so signing in needs only your password. Your administrator has turned it off.',
  off: '2-Step Verification is off. Signing in needs only your password.',
  offHint: 'Turn it on to ask for a code from your phone at each sign-in, so a stolen password alone is not enough.',
  on: '2-Step Verification is on. Each sign-in asks for a code from your authenticator app.',
  mandatory: 'Your administrator requires 2-Step Verification for your account.',
  optional: 'Your administrator lets you choose whether to use it.',
  codesLeft: (n: number) => (n === 1 ? 'You have 1 recovery code left.' : `You have ${n} recovery codes left.`),
  lastUsed: 'Last verified sign-in',
} as const;

/** The effective setting in words, as the section shows it with its source. */
export const SETTING_TEXT = { disabled: 'not enabled', enabled: 'optional', mandatory: 'mandatory' } as const;

/** Words of the credential verification screen. */
export const VERIFY_TEXT = {
  intro: 'For your security, enter your password again before changing 2-Step Verification.',
  introAppPassword: 'For your security, enter your password again before creating an app password.',
  passwordMissing: 'Enter your password.',
  wrong: 'That password is not correct.',
  throttled: (waitMs: number) => `Too many wrong passwords. Try again in ${describeDuration(waitMs)}.`,
} as const;

/** Words of the pairing and add-device screens. */
export const PAIR_TEXT = {
  scan: 'Scan this QR code with your authenticator app.',
  manual: 'Can\'t scan it? Enter this key in the app instead:',
  open: 'Open in your authenticator app',
  qrName: (account: string, issuer: string) => `QR code to add ${account} (${issuer}) to an authenticator app`,
  codeLabel: 'Enter the verification code',
  codeHint: 'The 6-digit code the app shows for this account.',
  addIntro: 'Set up another authenticator app or device with the same key. Your current devices keep working.',
  checkLegend: 'Check the new device (optional)',
  checkOk: 'The new device shows the right code. It is ready to use.',
} as const;

/** Words of the recovery-codes screen. */
export const CODES_TEXT = {
  intro: 'Keep these recovery codes somewhere safe. Each one lets you sign in once if you lose your phone. They are shown only now.',
  on: '2-Step Verification is on. From now on, each sign-in asks for a code from your authenticator app.',
  download: 'Download as text file',
  saved: 'I have saved these codes',
  print: 'Use your browser\'s Print command to print them.',
  fileHeading: (issuer: string, account: string) => `${issuer} recovery codes for ${account}`,
  fileNote: 'Each code works once. Keep this file somewhere safe.',
  gone: 'These recovery codes are no longer shown. Regenerate them from Configure if you need new ones.',
} as const;

/** Words of the Configure screen and its confirmations. */
export const CONFIGURE_TEXT = {
  addDevice: 'Pair another phone or a hardware device with your account. Each device gets a key of its own, so you can remove one without the others.',
  addIntro: 'Name the new device, scan its new key with the authenticator app on it, then enter the code the app shows. Your other devices keep working.',
  deviceNameLabel: 'Device name',
  deviceNameHint: 'So you can tell your devices apart, for example "Work phone".',
  addButton: 'Add device',
  deviceAdded: (name: string) => `The device "${name}" was added. Its codes now pass 2-Step Verification.`,
  devicesCaption: 'Devices whose codes pass 2-Step Verification',
  deviceNever: 'Never used',
  onlyDevice: 'To remove your only device, revoke all devices.',
  lastApp: 'Your last authenticator app stays while you keep security keys: codes work in every browser, keys only where script runs. Add another app first, or remove the keys.',
  removeConfirm: (name: string, kind: 'totp' | 'webauthn' = 'totp') => `The ${kind === 'webauthn' ? 'security key' : 'authenticator app'} "${name}" will stop working for your account. Your other devices, your recovery codes and your sessions stay as they are.`,
  removeTitle: (name: string) => `Remove "${name}"?`,
  deviceRemoved: (name: string, kind: 'totp' | 'webauthn' = 'totp') => `The device "${name}" was removed. ${kind === 'webauthn' ? 'It no longer passes' : 'Its codes no longer pass'} 2-Step Verification.`,
  revoke: 'Sign out every authenticator app and discard your recovery codes.',
  revokeConfirmOptional: 'All your authenticator apps will stop working, your recovery codes will be discarded and your other sessions will be signed out. 2-Step Verification will then be off.',
  revokeConfirmMandatory: 'All your authenticator apps will stop working, your recovery codes will be discarded and your other sessions will be signed out. Your administrator requires 2-Step Verification, so you will set it up again at once.',
  regenerate: 'Create a new set of recovery codes. The old codes stop working.',
  regenerateConfirm: 'Your current recovery codes will stop working and ten new ones will be shown once.',
  revokedOptional: 'All devices were revoked. 2-Step Verification is off.',
} as const;

/** Words of Configure's "Add a security key or passkey". */
export const SECURITY_KEY_UI_TEXT = {
  intro: 'A security key (such as a YubiKey) or a passkey on this device or your phone can answer 2-Step Verification instead of a code, in browsers that run script. Your authenticator apps keep working beside it.',
  needsScript: 'Adding a security key or passkey needs JavaScript, which is off or blocked in this browser. Your authenticator apps keep working without it.',
  nameLabel: 'Name of the key',
  nameHint: 'So you can tell your keys apart, for example "YubiKey on my keyring".',
  added: (name: string) => `The security key "${name}" was added. It now passes 2-Step Verification in browsers that run script.`,
} as const;

/** Words of the turn-on and mandatory set-up dialog. */
export const INTRO_TEXT = {
  what: '2-Step Verification adds a second step to signing in: after your password, you enter a one-time code from your phone. Someone who learns your password still cannot get in.',
  app: 'You need an authenticator app: Google Authenticator, Microsoft Authenticator, FreeOTP or any other app or hardware dongle that makes time-based codes (TOTP).',
  mandatory: 'Your administrator requires 2-Step Verification for your account. Set it up now to continue to your mail.',
  steps: 'It takes about a minute: scan a QR code with the app, then enter the code it shows.',
} as const;

/** Words of the "App passwords" section, its creation screens and its confirmations. */
export const APP_PASSWORD_UI_TEXT = {
  intro: 'Mail programs such as Thunderbird, Apple Mail or the mail app of your phone cannot ask for a code. With 2-Step Verification on, they sign in with an app password instead of your password: one for each program, which you can revoke on its own.',
  off: 'Mail programs sign in with your password while 2-Step Verification is off. Once it is on, they need an app password, which you create here.',
  none: 'You have no app passwords.',
  never: 'Never used',
  nameLabel: 'Name',
  nameHint: 'Where you will use it, so you can recognise it later, for example "Thunderbird on the laptop".',
  createIntro: 'Give the app password a name. It is shown once, right after you create it.',
  shownOnce: 'Enter this password in the mail program instead of your own password. It is shown only now: once you leave this page, it cannot be shown again.',
  copyHint: 'Select it and copy it, or type it in; the spaces do not matter.',
  userName: 'User name',
  password: 'App password',
  howToTitle: 'How to use it',
  howTo: [
    { app: 'Thunderbird', steps: 'Add the account with your email address and this app password. On an account already set up, Thunderbird asks for the password at its next sign-in: enter this one and tick "Use Password Manager to remember this password".' },
    { app: 'Apple Mail (Mac, iPhone, iPad)', steps: 'In Settings, go to Mail → Accounts → Add Account → Other → Add Mail Account, enter your email address and this app password. For an account already set up, replace its password in the account\'s settings (incoming and outgoing server).' },
    { app: 'Android', steps: 'In the Gmail app or your phone\'s mail app, choose Add account → Other, enter your email address, then this app password when it asks for a password, for both incoming and outgoing mail.' },
  ],
  servers: 'Your administrator can tell you the names of the incoming (IMAP or POP3) and outgoing (SMTP) mail servers if the program cannot find them.',
  done: 'Done',
  revokeQuestion: (name: string) => `Mail programs that sign in with "${name}" will be refused from their next sign-in. Your other app passwords keep working.`,
  revokeAllQuestion: (count: number) => `All ${count === 1 ? '1 app password' : `${count} app passwords`} will stop working: every mail program that uses one will be refused from its next sign-in until you give it a new app password.`,
  revoked: (name: string) => `The app password "${name}" was revoked.`,
  revokedAll: (count: number) => (count === 1 ? '1 app password was revoked.' : `${count} app passwords were revoked.`),
  gone: 'That app password no longer exists.',
  mobileOnly: 'To create an app password, open the standard WebMail on a computer: the password is shown there once, with how to use it.',
  openDesktop: 'Open Settings in the standard WebMail',
} as const;

/** Words of the "Trusted browsers" section. */
export const TRUST_UI_TEXT = {
  intro: (days: number) => `On a browser you trust, signing in asks for your password but not for a code, for ${days === 1 ? '1 day' : `${days} days`} after you chose "Don't ask again" at the code.`,
  offNow: 'Your administrator no longer allows trusting browsers, so every sign-in asks for a code.',
  none: 'No browser is trusted: every sign-in asks for a code.',
  line: (description: string, ip: string | null) => `${description}${ip ? ` from ${ip}` : ''}`,
  thisBrowser: 'This browser',
  forgotten: (description: string) => `${description} is no longer trusted. Its next sign-in asks for a code.`,
  forgottenAll: (count: number) => (count === 1 ? '1 browser is no longer trusted.' : `${count} browsers are no longer trusted.`),
  gone: 'That browser was not trusted any more.',
} as const;
