/** Every audit event type with the words WebAdmin shows for it. */
export const AUDIT_EVENTS = {
  'setting.changed': '2-Step Verification setting changed',
  'key.provisioned': 'Secret key added by an administrator',
  'key.reset': 'Secret key reset',
  'devices.revoked': 'All devices revoked',
  'configured.changed': 'Configured flag changed',
  'two_factor.turned_on': '2-Step Verification turned on',
  'device.added': 'Device added',
  'recovery.regenerated': 'Recovery codes regenerated',
  'recovery.used': 'Recovery code used',
  'signin.succeeded': 'Signed in with password',
  'signin.failed': 'Password sign-in failed',
  'challenge.succeeded': 'Challenge passed',
  'challenge.failed': 'Challenge failed',
  'challenge.locked': 'Code entry locked',
  'lock.lifted': 'Code entry unlocked',
  'password.changed': 'Password changed',
  'account.created': 'Account created',
  'account.removed': 'Account removed',
  'class.changed': 'Inherited settings changed',
  'domain.created': 'Domain created',
  'domain.removed': 'Domain removed',
  'class.created': 'Account class created',
  'class.removed': 'Account class removed',
  'branding.changed': 'Branding changed',
  'admin.created': 'Administrator created',
  'admin.removed': 'Administrator removed',
  'server.changed': 'Server settings changed',
} as const;

/** An audit event type. */
export type AuditEventType = keyof typeof AUDIT_EVENTS;
