import type { Context } from 'koa';
import { describeGraceImpact, type ImpactPreview } from '../../services/impact.js';
import type { WebDeps } from '../deps.js';
import type { Form } from '../forms.js';
import { sendPage } from '../render.js';

/** The hidden field that says the admin has seen the impact preview and chose "Save". */
export const IMPACT_CONFIRM_FIELD = 'confirmImpact';

/** True when the form comes from the impact confirmation page. */
export function impactConfirmed(form: Form): boolean {
  return form.text(IMPACT_CONFIRM_FIELD) === 'yes';
}

/** What the confirmation page needs: where "Save" posts the same fields again, and where "Cancel" goes. */
export interface ImpactConfirmation {
  /** What is about to change, e.g. "Account Defaults of example.com". */
  what: string;
  preview: ImpactPreview;
  action: string;
  fields: Record<string, string>;
  cancelUrl: string;
  /** The navigation section the page belongs to. */
  section: string;
}

/**
 * Shows "N accounts will have to set up 2-Step Verification at their next login" with up to ten of
 * them, and "Save" (posting the same fields with the confirmation) or "Cancel". Nothing is saved yet.
 */
export function sendImpactConfirmation(ctx: Context, deps: WebDeps, confirmation: ImpactConfirmation): void {
  sendPage(ctx, deps.views, 'admin/impact-confirm.njk', {
    ...confirmation,
    fields: Object.entries(confirmation.fields).map(([name, value]) => ({ name, value })),
    confirmField: IMPACT_CONFIRM_FIELD,
    more: confirmation.preview.count - confirmation.preview.addresses.length,
    graceText: describeGraceImpact(confirmation.preview, deps.clock.now()),
  });
}
