import { describeDuration } from '../../core/lockout.js';

/** Words of the login pages (standard and mobile). */
export const LOGIN_TEXT = {
  title: 'Sign in',
  wrong: 'Wrong username or password.',
  usernameMissing: 'Enter your email address.',
  usernameNeedsDomain: 'Enter your full email address, with the @ and the domain.',
  passwordMissing: 'Enter your password.',
  expired: 'Your session has ended. Sign in again.',
  required: 'Your administrator now requires 2-Step Verification. Sign in again to set it up.',
  signedOut: 'You have signed out.',
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
  replayed: 'That code was already used. Wait for the next code in your app and enter it.',
  replayedRecovery: 'That recovery code was already used. Enter another one.',
  locked: (waitMs: number) => `Too many wrong codes. Code entry for this account is locked; try again in ${describeDuration(waitMs)}.`,
  justLocked: (waitMs: number) => `Too many wrong codes: you have been signed out and code entry for this account is locked for ${describeDuration(waitMs)}.`,
  throttled: (waitMs: number) => `Too many wrong codes from your network. Try again in ${describeDuration(waitMs)}.`,
  unavailable: '2-Step Verification was changed for your account while you were signing in. Sign in again.',
  keyUnreadable: 'The server cannot read the 2-Step Verification key of your account, so codes from your app cannot be checked. Contact your administrator; a recovery code still works.',
  recoveryLow: (left: number) => `You signed in with a recovery code. ${left} recovery code${left === 1 ? '' : 's'} left.`,
};

/** Words of the mailbox (standard and mobile). */
export const MAIL_TEXT = {
  title: 'Mail',
  empty: 'No messages.',
  notice: 'Security notice',
  back: 'Back to Mail',
};

/** Words of the sign-out confirmation and the mobile page about mandatory set-up. */
export const SESSION_TEXT = {
  logoutTitle: 'Sign out',
  logoutQuestion: 'Do you want to sign out?',
  setupTitle: '2-Step Verification is required',
  mobileSetupIntro: 'Your administrator requires 2-Step Verification for your account. Mobile WebMail cannot set it up: open the standard WebMail on this device or a computer, set it up there, then sign in here again.',
  openDesktop: 'Open the standard WebMail',
};
