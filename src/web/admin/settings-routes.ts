import type { Context } from 'koa';
import { saveServerSettings, storedServerSettings } from '../../services/server-settings.js';
import type { WebDeps } from '../deps.js';
import { formOf, type Form } from '../forms.js';
import { sendPage } from '../render.js';
import { attempt, type FieldErrors } from './form-errors.js';
import { adminActor, adminRouter, currentAdmin, redirectTo, setFlash } from './guard.js';
import { SETTINGS_TEXT } from './strings.js';

/** The minute fields of the form, by setting. */
const MINUTE_FIELDS = ['sessionIdleSeconds', 'sessionMaxSeconds', 'adminSessionIdleSeconds', 'adminSessionMaxSeconds'] as const;
type MinuteField = (typeof MINUTE_FIELDS)[number];

function showSettings(ctx: Context, deps: WebDeps, values: Record<string, string | boolean>, errors: FieldErrors, status = 200): void {
  const overridden = { sessionIdleSeconds: deps.config.sessionIdleSeconds !== undefined, sessionMaxSeconds: deps.config.sessionMaxSeconds !== undefined };
  sendPage(ctx, deps.views, 'admin/settings/edit.njk', { values, errors, overridden }, status);
}

/** Whole minutes typed in a field, or null when it is not a whole number of minutes. */
function minutes(form: Form, field: MinuteField): number | null {
  const raw = form.trimmed(field, 16);
  return /^\d{1,6}$/.test(raw) ? Number(raw) * 60 : null;
}

/** "Server Settings": WebMail and WebAdmin session limits, and mandatory 2-Step Verification for administrators. */
export function settingsRoutes(deps: WebDeps) {
  const router = adminRouter();

  router.get('serverSettings', '/settings', async (ctx) => {
    const stored = await storedServerSettings(deps.services);
    const values: Record<string, string | boolean> = { adminTwoFactorMandatory: stored.adminTwoFactorMandatory };
    for (const field of MINUTE_FIELDS) values[field] = String(Math.round(stored[field] / 60));
    showSettings(ctx, deps, values, {});
  });

  router.post('/settings', async (ctx) => {
    const form = formOf(ctx);
    const values: Record<string, string | boolean> = { adminTwoFactorMandatory: form.checked('adminTwoFactorMandatory') };
    const errors: FieldErrors = {};
    const change: Partial<Record<MinuteField, number>> = {};
    for (const field of MINUTE_FIELDS) {
      values[field] = form.trimmed(field, 16);
      const seconds = minutes(form, field);
      if (seconds === null) errors[field] = SETTINGS_TEXT.notMinutes;
      else change[field] = seconds;
    }
    if (Object.keys(errors).length) return showSettings(ctx, deps, values, errors, 400);
    const result = await attempt(() => saveServerSettings(deps.services, adminActor(ctx), { ...(change as Record<MinuteField, number>), adminTwoFactorMandatory: values.adminTwoFactorMandatory as boolean }));
    if (!result.ok) return showSettings(ctx, deps, values, result.errors, result.status);
    deps.settings.invalidate();
    const admin = currentAdmin(ctx);
    const selfUnpaired = values.adminTwoFactorMandatory && !admin.state.configured;
    setFlash(ctx, result.value ? (selfUnpaired ? `${SETTINGS_TEXT.saved} ${SETTINGS_TEXT.selfUnpaired}` : SETTINGS_TEXT.saved) : SETTINGS_TEXT.unchanged);
    redirectTo(ctx, deps, 'serverSettings');
  });

  return router;
}
