import { describeDuration } from '../../core/lockout.js';

/** Words of the login pages (standard and mobile). */
export const LOGIN_TEXT = {
  title: 'Sign in',
  wrong: 'The email address or password is not correct.',
  usernameMissing: 'Enter your email address.',
  usernameNeedsDomain: 'Enter your full email address, with the @ and the domain.',
  passwordMissing: 'Enter your password.',
  expired: 'Your session has ended. Sign in again.',
  required: 'Your administrator now requires 2-Step Verification. Sign in again to set it up.',
  signedOut: 'You have signed out.',
  reset: 'You were signed out because an administrator reset your 2-Step Verification key. Sign in again: you will pair your authenticator app anew.',
  revoked: 'You were signed out because every 2-Step Verification device of your account was revoked. Sign in again.',
  throttled: (waitMs: number) => `Too many failed sign-ins. Try again in ${describeDuration(waitMs)}.`,
};

/** Words of the 2-Step Verification challenge (standard and mobile). */
export const CHALLENGE_TEXT = {
  title: '2-Step Verification',
  intro: 'Enter the 6-digit verification code from your authenticator app.',
  recoveryIntro: 'Enter one of the recovery codes you saved when you turned on 2-Step Verification. Each code works once.',
  codeMissing: 'Enter the 6-digit code from your authenticator app.',
  codeMalformed: 'The code is 6 digits, for example 123456.',
  recoveryMissing: 'Enter a recovery code, for example k7qm-2xhp-9tdw.',
  recoveryMalformed: 'A recovery code has 12 letters and digits, for example k7qm-2xhp-9tdw.',
  wrong: (attemptsLeft: number) => `That code is not correct. ${attemptsLeft} attempt${attemptsLeft === 1 ? '' : 's'} left.`,
  wrongRecovery: (attemptsLeft: number) => `That recovery code is not correct or was already used. ${attemptsLeft} attempt${attemptsLeft === 1 ? '' : 's'} left.`,
  replayed: (attemptsLeft: number) => `That code was already used. Wait for the next code in your app and enter it. ${attemptsLeft} attempt${attemptsLeft === 1 ? '' : 's'} left.`,
  replayedRecovery: (attemptsLeft: number) => `That recovery code was already used. Enter another one. ${attemptsLeft} attempt${attemptsLeft === 1 ? '' : 's'} left.`,
  locked: (waitMs: number) => `Too many wrong codes. Code entry for this account is locked; try again in ${describeDuration(waitMs)}.`,
  lockedUntil: (until: string, waitMs: number) => `Too many wrong codes were entered for this account, so code entry is locked until ${until}, in ${describeDuration(waitMs)}.`,
  lockedRecovery: 'Recovery codes wait too: they work again at the same time. Nothing you enter now would be checked.',
  lockedHelp: 'If this was not you, or you need to sign in sooner, ask for help:',
  lockedAsk: 'If this was not you, or you need to sign in sooner, ask your administrator.',
  lockedHelpLink: 'Help for this domain',
  lockedAskAdmin: 'If this was not you, tell another administrator: someone may know your password. Code entry unlocks by itself at that time.',
  justLocked: (waitMs: number) => `Too many wrong codes: you have been signed out and code entry for this account is locked for ${describeDuration(waitMs)}.`,
  throttled: (waitMs: number) => `Too many wrong codes from your network. Try again in ${describeDuration(waitMs)}.`,
  unavailable: '2-Step Verification was changed for your account while you were signing in. Sign in again.',
  keyUnreadable: 'The server cannot read the 2-Step Verification key of your account, so codes from your app cannot be checked. Contact your administrator; a recovery code still works.',
  recoveryLow: (left: number) => `You signed in with a recovery code. ${left} recovery code${left === 1 ? '' : 's'} left.`,
  trust: (days: number) => `Don't ask again on this browser for ${days === 1 ? '1 day' : `${days} days`}`,
  useKey: 'Use your security key',
  keyIntro: 'Or sign in with your security key or passkey:',
  keyRefused: (attemptsLeft: number) => `The security key was not accepted. ${attemptsLeft} attempt${attemptsLeft === 1 ? '' : 's'} left; you can also enter a code.`,
  keyExpired: 'The security key request expired or was already answered. Try again, or enter a code.',
  noKey: 'This account has no security key any more. Enter a code from your authenticator app.',
};

/** What the security-key script says while it works (set on its form, so the words stay here). */
export const KEY_SCRIPT_TEXT = {
  waiting: 'Follow your browser: touch your security key or confirm with your passkey.',
  cancelled: 'The security key did not answer, or the request was cancelled. Try again.',
  failed: 'The security key could not be used. Try again.',
  unsupported: 'This browser cannot use security keys or passkeys. Your authenticator apps keep working.',
} as const;

/** Words of the sign-out confirmation and the mobile page about mandatory set-up. */
export const SESSION_TEXT = {
  logoutTitle: 'Sign out',
  logoutQuestion: 'Do you want to sign out?',
  setupTitle: '2-Step Verification is required',
  mobileSetupIntro: 'Your administrator requires 2-Step Verification for your account. Mobile WebMail cannot set it up: open the standard WebMail on this device or a computer, set it up there, then sign in here again.',
  openDesktop: 'Open the standard WebMail',
};

/** Words of "Not now" on the set-up dialog during a grace period. */
export const SETUP_LATER_TEXT = {
  until: (deadline: string) => `You can put this off until ${deadline}; after that, signing in leads straight into the set-up.`,
  notNow: 'Not now',
  postponed: (deadline: string) => `Set up 2-Step Verification from Settings → General by ${deadline}; after that it is required right after your password.`,
};
