/** Security notices delivered to a user's mailbox, by event. */
export type NoticeKind =
  | 'turned_on'
  | 'turned_off'
  | 'devices_revoked'
  | 'device_added'
  | 'device_removed'
  | 'security_key_added'
  | 'security_key_removed'
  | 'recovery_regenerated'
  | 'locked'
  | 'key_reset'
  | 'key_provisioned'
  | 'app_password_created'
  | 'app_password_new_address'
  | 'app_password_revoked'
  | 'app_passwords_revoked'
  | 'browser_trusted'
  | 'setup_deadline_started'
  | 'setup_deadline_soon'
  | 'setup_deadline_changed';

/** Subject and body of a notice; `detail` adds context such as who did it or for how long. */
export function noticeText(kind: NoticeKind, productName: string, detail = ''): { subject: string; body: string } {
  const tail = detail ? `\n\n${detail}` : '';
  const ifNotYou = '\n\nIf this was not you, change your password and contact your administrator.';
  switch (kind) {
    case 'turned_on':
      return { subject: '2-Step Verification is on', body: `2-Step Verification was turned on for your ${productName} account. Each sign-in now asks for a code from your authenticator app.${tail}${ifNotYou}` };
    case 'turned_off':
      return { subject: '2-Step Verification is off', body: `2-Step Verification was turned off for your ${productName} account. Signing in now needs only your password.${tail}${ifNotYou}` };
    case 'devices_revoked':
      return { subject: 'All devices were revoked', body: `Every authenticator app paired with your ${productName} account was revoked, and your recovery codes no longer work.${tail}${ifNotYou}` };
    case 'device_added':
      return { subject: 'A new device for 2-Step Verification', body: `An authenticator app was added to your ${productName} account. Its codes now pass 2-Step Verification, like those of your other devices.${tail}${ifNotYou}` };
    case 'device_removed':
      return { subject: 'A device was removed', body: `An authenticator app was removed from your ${productName} account. Its codes no longer pass 2-Step Verification; your other devices keep working.${tail}${ifNotYou}` };
    case 'security_key_added':
      return { subject: 'A new security key for 2-Step Verification', body: `A security key or passkey was added to your ${productName} account. It now passes 2-Step Verification in browsers that run script, beside your other devices.${tail}${ifNotYou}` };
    case 'security_key_removed':
      return { subject: 'A security key was removed', body: `A security key or passkey was removed from your ${productName} account. It no longer passes 2-Step Verification; your other devices keep working.${tail}${ifNotYou}` };
    case 'recovery_regenerated':
      return { subject: 'New recovery codes', body: `A new set of recovery codes was created for your ${productName} account. The previous codes no longer work.${tail}${ifNotYou}` };
    case 'locked':
      return { subject: 'Too many wrong verification codes', body: `Verification code entry for your ${productName} account was locked after too many wrong codes.${tail}${ifNotYou}` };
    case 'key_reset':
      return { subject: 'Your 2-Step Verification key was reset', body: `An administrator reset the 2-Step Verification key of your ${productName} account. Pair your authenticator app again at your next sign-in or from Settings.${tail}` };
    case 'key_provisioned':
      return { subject: 'A 2-Step Verification key was set', body: `An administrator set the 2-Step Verification key of your ${productName} account.${tail}${ifNotYou}` };
    case 'app_password_created':
      return { subject: 'A new app password', body: `An app password was created for your ${productName} account. A mail app (IMAP, POP3, SMTP) can sign in with it until it is revoked.${tail}${ifNotYou}` };
    case 'app_password_new_address':
      return { subject: 'An app password was used from a new address', body: `A mail app signed in to your ${productName} account with an app password from an address it had not used before.${tail}${ifNotYou}` };
    case 'app_password_revoked':
      return { subject: 'An app password was revoked', body: `An app password of your ${productName} account was revoked. The mail app that used it can no longer sign in.${tail}${ifNotYou}` };
    case 'app_passwords_revoked':
      return { subject: 'All app passwords were revoked', body: `Every app password of your ${productName} account was revoked. Mail apps that used them can no longer sign in; create a new app password for each in Settings → General.${tail}${ifNotYou}` };
    case 'browser_trusted':
      return { subject: 'A browser was trusted', body: `A browser was trusted to sign in to your ${productName} account without a verification code; it still needs your password. You can forget it in Settings → General.${tail}${ifNotYou}` };
    case 'setup_deadline_started':
      return { subject: 'Set up 2-Step Verification', body: `Your administrator requires 2-Step Verification for your ${productName} account. You can put it off at each sign-in until the date below; after it, signing in leads straight into the set-up. Set it up any time from Settings → General.${tail}` };
    case 'setup_deadline_soon':
      return { subject: '3 days left to set up 2-Step Verification', body: `The time your administrator allows for setting up 2-Step Verification on your ${productName} account ends soon. After the date below you will have to set it up right after your password. It takes about a minute from Settings → General.${tail}` };
    case 'setup_deadline_changed':
      return { subject: 'Your 2-Step Verification set-up date changed', body: `An administrator changed the date by which your ${productName} account must have 2-Step Verification set up.${tail}` };
  }
}

/** The welcome message every new account finds in its mailbox. */
export function welcomeText(productName: string, address: string): { subject: string; body: string } {
  return {
    subject: `Welcome to ${productName}`,
    body: `Hello,\n\nyour mailbox ${address} is ready. You can protect it with 2-Step Verification from Settings → General when your administrator allows it.\n\nThe ${productName} team`,
  };
}
