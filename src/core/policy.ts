/** The 2-Step Verification setting: off, optional for the user, or required. */
export type TwoFactorSetting = 'disabled' | 'enabled' | 'mandatory';

/** Every valid setting, in order of strength. */
export const TWO_FACTOR_SETTINGS: readonly TwoFactorSetting[] = ['disabled', 'enabled', 'mandatory'];

/** Where an effective setting comes from. */
export type PolicySource =
  | { kind: 'account' }
  | { kind: 'class'; className: string }
  | { kind: 'domain' }
  | { kind: 'default' };

/** The effective setting and its source. */
export type ResolvedPolicy = ResolvedSetting<TwoFactorSetting>;

/** What resolution looks at: explicit values (null = inherited) along the chain. */
export type PolicyChain = SettingChain<TwoFactorSetting>;

/** Explicit values of any inheritable setting (null = inherited) along the chain. */
export interface SettingChain<T> {
  account: T | null;
  /** The class the account inherits from, or null when it inherits the domain defaults. */
  accountClass: { name: string; value: T | null } | null;
  domainDefault: T | null;
}

/** An inheritable setting's effective value and its source. */
export interface ResolvedSetting<T> {
  value: T;
  source: PolicySource;
}

/** Any inheritable setting: account explicit → its class's explicit value → the domain's Account Defaults → `fallback`. */
export function resolveSetting<T>(chain: SettingChain<T>, fallback: T): ResolvedSetting<T> {
  if (chain.account !== null) return { value: chain.account, source: { kind: 'account' } };
  if (chain.accountClass && chain.accountClass.value !== null) {
    return { value: chain.accountClass.value, source: { kind: 'class', className: chain.accountClass.name } };
  }
  if (chain.domainDefault !== null) return { value: chain.domainDefault, source: { kind: 'domain' } };
  return { value: fallback, source: { kind: 'default' } };
}

/** Account explicit → its class's explicit value → the domain's Account Defaults → disabled. */
export function resolvePolicy(chain: PolicyChain): ResolvedPolicy {
  return resolveSetting(chain, 'disabled');
}

/** Resolution for an account class (its own value, else the domain's Account Defaults). */
export function resolveClassPolicy(classValue: TwoFactorSetting | null, domainDefault: TwoFactorSetting | null): ResolvedPolicy {
  return resolvePolicy({ account: classValue, accountClass: null, domainDefault });
}

/** Words for a source, as screens and the CLI show it ("inherited from class Staff"). */
export function describeSource(source: PolicySource, subject: 'account' | 'class' = 'account'): string {
  switch (source.kind) {
    case 'account':
      return subject === 'account' ? 'set on this account' : 'set on this class';
    case 'class':
      return `inherited from class ${source.className}`;
    case 'domain':
      return 'inherited from the domain\'s Account Defaults';
    case 'default':
      return 'server default';
  }
}

/** Parses a setting typed by a person (case-insensitive); null when it is not one. */
export function parseTwoFactorSetting(raw: string): TwoFactorSetting | null {
  const value = raw.trim().toLowerCase();
  return (TWO_FACTOR_SETTINGS as readonly string[]).includes(value) ? (value as TwoFactorSetting) : null;
}
