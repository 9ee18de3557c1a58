import type { Migration } from '../src/db/migrate.js';
import * as createServerSettings from './20261128000100_create_server_settings.js';
import * as createDomains from './20261128000200_create_domains.js';
import * as createAccountClasses from './20261128000300_create_account_classes.js';
import * as createAccounts from './20261128000400_create_accounts.js';
import * as createAdmins from './20261128000500_create_admins.js';
import * as createRecoveryCodes from './20261128000600_create_recovery_codes.js';
import * as createSessions from './20261128000700_create_sessions.js';
import * as createAuditEvents from './20261128000800_create_audit_events.js';
import * as createMessages from './20261128000900_create_messages.js';
import * as createLoginThrottles from './20261128001000_create_login_throttles.js';
import * as createBrandingAssets from './20261128001100_create_branding_assets.js';
import * as addAccountsLockIndex from './20261128120000_add_accounts_lock_index.js';
import * as addAuditBursts from './20261202000100_add_audit_bursts.js';
import * as addMessagesFolders from './20261202000200_add_messages_folders.js';
import * as createMailOutbox from './20261202000300_create_mail_outbox.js';
import * as addSessionEndReason from './20261202000200_add_session_end_reason.js';
import * as createAppPasswords from './20261203000100_create_app_passwords.js';
import * as createAppPasswordAddresses from './20261203000200_create_app_password_addresses.js';
import * as addGraceDays from './20261204000100_add_grace_days.js';
import * as addAccountsSetupDeadline from './20261204000200_add_accounts_setup_deadline.js';
import * as createTrustedBrowsers from './20261204000500_create_trusted_browsers.js';
import * as addTrustDays from './20261204000600_add_trust_days.js';
import * as addDriftHistory from './20261204000700_add_drift_history.js';
import * as createSecondFactors from './20261205000100_create_second_factors.js';
import * as addWebauthnColumns from './20261206000100_add_webauthn_columns.js';

/** Every migration by name, in the order they apply. */
export const migrations: Record<string, Migration> = {
  '20261128000100_create_server_settings': createServerSettings,
  '20261128000200_create_domains': createDomains,
  '20261128000300_create_account_classes': createAccountClasses,
  '20261128000400_create_accounts': createAccounts,
  '20261128000500_create_admins': createAdmins,
  '20261128000600_create_recovery_codes': createRecoveryCodes,
  '20261128000700_create_sessions': createSessions,
  '20261128000800_create_audit_events': createAuditEvents,
  '20261128000900_create_messages': createMessages,
  '20261128001000_create_login_throttles': createLoginThrottles,
  '20261128001100_create_branding_assets': createBrandingAssets,
  '20261128120000_add_accounts_lock_index': addAccountsLockIndex,
  '20261202000100_add_audit_bursts': addAuditBursts,
  '20261202000200_add_messages_folders': addMessagesFolders,
  '20261202000300_create_mail_outbox': createMailOutbox,
  '20261202000200_add_session_end_reason': addSessionEndReason,
  '20261203000100_create_app_passwords': createAppPasswords,
  '20261203000200_create_app_password_addresses': createAppPasswordAddresses,
  '20261204000100_add_grace_days': addGraceDays,
  '20261204000200_add_accounts_setup_deadline': addAccountsSetupDeadline,
  '20261204000500_create_trusted_browsers': createTrustedBrowsers,
  '20261204000600_add_trust_days': addTrustDays,
  '20261204000700_add_drift_history': addDriftHistory,
  '20261205000100_create_second_factors': createSecondFactors,
  '20261206000100_add_webauthn_columns': addWebauthnColumns,
};
