/** One exchange of the reference session: what is sent, the reply lines, and the prompt after them. */
export interface Exchange {
  send: string;
  lines: string[];
  prompt: string;
}

/** Stands for the current verification code in the transcript. */
export const CODE = '{code}';

/** The welcome line of the TCP service. */
export const TCP_WELCOME = 'Welcome to the Twostep Command Line Interface; log in with USER <name>';

/** The welcome line of `npm run cli`. */
export const LOCAL_WELCOME = 'Welcome to the Twostep Command Line Interface; working on the local database as local';

/** The login exchanges of the TCP service. */
export function loginExchanges(password: string): Exchange[] {
  return [
    { send: 'USER admin', lines: ['+OK: Enter the password'], prompt: '<password> ' },
    { send: password, lines: ['+OK: Authentication successful'], prompt: '<#> ' },
  ];
}

const editing = (what: string) => `+OK: Editing ${what}; COMMIT applies the changes, BACK discards them`;
const LIMITS_OPENED = '+OK: Editing the Limits; DONE keeps the changes for COMMIT, BACK discards them';
const STAGED = '+OK: Staged; COMMIT applies it';
const STAGED_SUB = '+OK: Staged; DONE keeps it for COMMIT';
const KEPT_ONE = '+OK: Left the Limits with 1 change staged for COMMIT';

const ALICE_MUST_SET_UP = 'note = after COMMIT, 1 account(s) not configured yet must set up 2-Step Verification at their next login (alice@example.com)';

const D = '<domain#> ';
const DA = '<domain-account#> ';
const DAL = '<domain-account-limits#> ';

function alice(setting: string, status: string): string[] {
  return [
    'name = alice',
    'address = alice@example.com',
    'inheritSettingsFrom = accountClass staff',
    `twoFactorAuthEnabled = ${setting}`,
    `twoFactorStatus = ${status}`,
    "twoFactorGraceDays = 0 (inherited from the domain's Account Defaults)",
    'twoFactorSetupDeadline = -',
    "twoFactorTrustDays = 0 (inherited from the domain's Account Defaults)",
    'twoFactorConfigured = no',
    'twoFactorSecretKey = not set',
    'locked = no',
    'recoveryCodesLeft = 0',
    'lastVerification = -',
    'deviceClock = -',
    '+OK: Shown',
  ];
}

function aliceLimits(change: string, notes: string[], reply: string): Exchange[] {
  return [
    { send: 'UPDATE Account name alice', lines: [editing('account alice@example.com')], prompt: DA },
    { send: 'CONFIG Limits', lines: [LIMITS_OPENED], prompt: DAL },
    { send: change, lines: [...notes, STAGED_SUB], prompt: DAL },
    { send: 'DONE', lines: [KEPT_ONE], prompt: DA },
    { send: 'COMMIT', lines: [reply], prompt: D },
  ];
}

/** The session of the issue, after login, with every reply as the CLI must print it. */
export const TRANSCRIPT: Exchange[] = [
  { send: 'CREATE Domain name example.com postmasterPassword Secret-123', lines: ['+OK: Domain example.com created with its postmaster account'], prompt: '<#> ' },
  { send: 'UPDATE Domain name example.com', lines: [editing('domain example.com')], prompt: D },
  { send: 'CONFIG accountDefaultLimits', lines: [LIMITS_OPENED], prompt: '<domain-accountDefaultLimits#> ' },
  { send: 'SET twoFactorAuthEnabled enabled', lines: [STAGED_SUB], prompt: '<domain-accountDefaultLimits#> ' },
  { send: 'DONE', lines: [KEPT_ONE], prompt: D },
  { send: 'COMMIT', lines: ['+OK: Domain example.com saved (1 change)'], prompt: '<#> ' },
  { send: 'UPDATE Domain name example.com', lines: [editing('domain example.com')], prompt: D },
  { send: 'ADD accountClass name staff', lines: [editing('new account class staff')], prompt: '<domain-accountClass#> ' },
  { send: 'CONFIG Limits', lines: [LIMITS_OPENED], prompt: '<domain-accountClass-limits#> ' },
  { send: 'SET twoFactorAuthEnabled mandatory', lines: [STAGED_SUB], prompt: '<domain-accountClass-limits#> ' },
  { send: 'DONE', lines: [KEPT_ONE], prompt: '<domain-accountClass#> ' },
  { send: 'COMMIT', lines: ['+OK: Account class staff created'], prompt: D },
  { send: 'ADD Account name alice password "correct horse"', lines: [editing('new account alice@example.com')], prompt: DA },
  { send: 'COMMIT', lines: ['+OK: Account alice@example.com created'], prompt: D },
  { send: 'UPDATE Account name alice', lines: [editing('account alice@example.com')], prompt: DA },
  { send: 'INHERIT SETTINGS FROM accountClass staff', lines: [STAGED], prompt: DA },
  { send: 'COMMIT', lines: ['+OK: Account alice@example.com saved (1 change)'], prompt: D },
  { send: 'SHOW Account name alice', lines: alice('mandatory (inherited from class staff)', 'enabled, not configured'), prompt: D },
  ...aliceLimits('SET twoFactorAuthEnabled disabled', [], '+OK: Account alice@example.com saved (1 change)'),
  { send: 'SHOW Account name alice', lines: alice('disabled (set on this account)', 'not enabled'), prompt: D },
  ...aliceLimits('RESET twoFactorAuthEnabled', [ALICE_MUST_SET_UP], '+OK: Account alice@example.com saved (1 change)'),
  { send: 'UPDATE Account name alice', lines: [editing('account alice@example.com')], prompt: DA },
  { send: 'SET twoFactorSecretKey JBSWY3DPEHPK3PXP', lines: [STAGED], prompt: DA },
  { send: 'COMMIT', lines: ['+OK: Account alice@example.com saved (1 change)'], prompt: D },
  { send: 'UPDATE Account name alice', lines: [editing('account alice@example.com')], prompt: DA },
  { send: 'SHOW twoFactorCode', lines: [`twoFactorCode = ${CODE}`, '+OK: Current verification code'], prompt: DA },
];

/** The closing exchange. */
export const QUIT: Exchange = { send: 'QUIT', lines: ['+OK: have a nice day'], prompt: '' };

/** What a client reads for an exchange, with `eol` line endings and the code filled in. */
export function expectedText(exchange: Exchange, eol: string, code: string): string {
  return exchange.lines.map((line) => line.replace(CODE, code) + eol).join('') + exchange.prompt;
}
