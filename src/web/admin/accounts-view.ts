import { accountTrustedBrowsers } from '../../services/trusted-browsers.js';
import type { Context } from 'koa';
import { describeDuration } from '../../core/lockout.js';
import { accountClassNames } from '../../services/account-classes.js';
import { accountListRow } from '../../services/account-list.js';
import { accountTrustDays, summarizeAccount, type AccountRecord } from '../../services/accounts.js';
import { accountAppPasswords, type AppPasswordView } from '../../services/app-passwords.js';
import { recentEventsAbout } from '../../services/audit-query.js';
import type { WebDeps } from '../deps.js';
import { sendPage } from '../render.js';
import { accountParams } from './accounts-load.js';
import { APP_PASSWORD_VIEW_TEXT, settingWithSource, STATUS_VIEW } from './accounts-strings.js';
import { auditRow } from './audit-view.js';
import type { FieldErrors } from './form-errors.js';

/** The General tab's form as shown: the stored values, or what was posted when it is re-shown with errors. */
export interface GeneralForm {
  firstName: string;
  lastName: string;
  /** '' for the domain defaults, else a class name. */
  inherit: string;
}

/** The stored values of the General form. */
export function storedGeneralForm(account: AccountRecord): GeneralForm {
  return { firstName: account.firstName, lastName: account.lastName, inherit: account.className ?? '' };
}

/** What every tab of an account's edit page shows in its heading. */
export function accountHeading(account: AccountRecord) {
  return { ...accountParams(account), address: account.address };
}

/** A row of the App passwords table: its last use as words ("Never used") beside the address and protocol. */
function appPasswordRow(row: AppPasswordView) {
  return {
    id: String(row.id),
    name: row.name,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    lastUsedText: row.lastUsedAt === null ? APP_PASSWORD_VIEW_TEXT.neverUsed : '',
    address: row.lastUsedIp ?? '',
    protocol: row.lastUsedProtocol ?? '',
  };
}

/** Renders the General tab: names, password, inheritance, the 2-Step Verification block, app passwords and recent events. */
export async function showGeneral(
  ctx: Context,
  deps: WebDeps,
  account: AccountRecord,
  shown: { form?: GeneralForm; secretKey?: string; deviceName?: string; errors?: FieldErrors } = {},
  status = 200,
): Promise<void> {
  const now = deps.clock.now();
  const summary = await summarizeAccount(deps.services, account);
  const events = await recentEventsAbout(deps.services, account.address);
  sendPage(
    ctx,
    deps.views,
    'admin/accounts/general.njk',
    {
      account: accountHeading(account),
      tab: 'general',
      form: shown.form ?? storedGeneralForm(account),
      secretKey: shown.secretKey ?? '',
      deviceName: shown.deviceName ?? '',
      errors: shown.errors ?? {},
      classes: await accountClassNames(deps.services, { id: account.domainId }),
      twoFactor: {
        setting: settingWithSource(summary.effective.value, summary.sourceText),
        statusText: summary.statusText,
        badge: STATUS_VIEW[summary.status].badge,
        configured: summary.configured,
        hasKey: summary.hasKey,
        locked: summary.locked,
        lockedFor: summary.lockedUntil === null ? null : describeDuration(summary.lockedUntil - now),
        lastSuccessAt: summary.lastSuccessAt,
        driftText: summary.driftText,
        driftWarning: summary.driftWarning,
        recoveryCodesLeft: summary.recoveryCodesLeft,
        devices: summary.devices,
      },
      appPasswords: (await accountAppPasswords(deps.services, account)).map(appPasswordRow),
      trustedBrowsers: await accountTrustedBrowsers(deps.services, account),
      trustDays: accountTrustDays(account).value,
      events: events.map(auditRow),
      removable: accountListRow(account, now).removable,
    },
    status,
  );
}
