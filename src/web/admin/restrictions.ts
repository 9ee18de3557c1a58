import { describeSource, parseTwoFactorSetting, type ResolvedPolicy, type TwoFactorSetting } from '../../core/policy.js';
import { checkDomainName } from '../../core/names.js';
import { RESTRICTION_TEXT } from './strings.js';

/** The Account Defaults checkboxes as one setting: mandatory implies enabled; neither is disabled. */
export function settingFromCheckboxes(enable: boolean, mandatory: boolean): TwoFactorSetting {
  if (mandatory) return 'mandatory';
  return enable ? 'enabled' : 'disabled';
}

/** The radio value that leaves the setting inherited. */
export const INHERITED = 'inherited';

/** One radio button of a Restrictions section. */
export interface RestrictionChoice {
  value: string;
  label: string;
  checked: boolean;
}

/**
 * The radio buttons of a class's (or an account's) Restrictions section: "Inherited (currently: …)"
 * naming the inherited value and where it comes from, then each explicit setting.
 */
export function restrictionChoices(explicit: TwoFactorSetting | null, inherited: ResolvedPolicy): RestrictionChoice[] {
  const from = describeSource(inherited.source).replace(/^inherited /, '');
  return [
    { value: INHERITED, label: RESTRICTION_TEXT.inherited(inherited.value, from), checked: explicit === null },
    ...(['disabled', 'enabled', 'mandatory'] as const).map((value) => ({ value, label: RESTRICTION_TEXT.choice[value], checked: explicit === value })),
  ];
}

/** The radio value posted: a setting, null for inherited, or undefined when it is not one of the choices. */
export function parseRestrictionChoice(raw: string): TwoFactorSetting | null | undefined {
  if (raw === INHERITED) return null;
  return parseTwoFactorSetting(raw) ?? undefined;
}

/** Most WebMail host names one domain may list. */
export const MAX_WEBMAIL_HOSTS = 20;

/** WebMail host names typed one per line (or separated by commas or spaces): lower-cased, unique, each a valid host name. */
export function parseHostNames(raw: string): { ok: true; hosts: string[] } | { ok: false; message: string } {
  const hosts: string[] = [];
  for (const part of raw.split(/[\s,]+/).filter(Boolean)) {
    const checked = checkDomainName(part);
    if (!checked.ok) return { ok: false, message: RESTRICTION_TEXT.badHost(part) };
    if (!hosts.includes(checked.value)) hosts.push(checked.value);
  }
  if (hosts.length > MAX_WEBMAIL_HOSTS) return { ok: false, message: RESTRICTION_TEXT.tooManyHosts(MAX_WEBMAIL_HOSTS) };
  return { ok: true, hosts };
}
