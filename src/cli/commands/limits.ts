import { parseDayCount } from '../../core/dates.js';
import { GRACE_DAYS_PROBLEM } from '../../core/grace.js';
import { TRUST_DAYS_PROBLEM } from '../../core/trusted-browser.js';
import { describeSource, parseTwoFactorSetting, resolveSetting, type PolicyChain, type SettingChain, type TwoFactorSetting } from '../../core/policy.js';
import { requireAccountClass } from '../../services/account-classes.js';
import { requireAccount, type AccountRecord } from '../../services/accounts.js';
import { describeGraceImpact, previewMandatoryImpact, type PolicyProposal } from '../../services/impact.js';
import { facts } from '../format.js';
import { CliError, type CliCommand, type CliState, type LimitsFrame } from '../state.js';
import { S } from '../strings.js';
import { pendingFacts } from '../views.js';

const SETTING = 'twoFactorAuthEnabled';

/** The number-of-days settings a Limits context stages beside the 2-Step Verification setting. */
const DAY_SETTINGS = [
  {
    name: 'twoFactorGraceDays',
    key: 'graceDays',
    defaultsOp: 'setGraceDaysDefault',
    op: 'setGraceDays',
    problem: GRACE_DAYS_PROBLEM,
    help: 'stages the days allowed to set up mandatory 2-Step Verification (0 = at once, up to 365); a deadline already started stays',
    resetHelp: 'stages going back to the inherited days allowed to set up',
  },
  {
    name: 'twoFactorTrustDays',
    key: 'trustDays',
    defaultsOp: 'setTrustDaysDefault',
    op: 'setTrustDays',
    problem: TRUST_DAYS_PROBLEM,
    help: 'stages for how many days a user may trust a browser to skip the code (0 = never, up to 365); lowering it shortens trusts given',
    resetHelp: 'stages going back to the inherited days a browser may be trusted',
  },
] as const;

type DaySetting = (typeof DAY_SETTINGS)[number];

function parseSetting(raw: string): TwoFactorSetting {
  const value = parseTwoFactorSetting(raw);
  if (!value) throw new CliError(S.badSetting(raw));
  return value;
}

function parseDays(raw: string, setting: DaySetting): number {
  const value = parseDayCount(raw);
  if (value === null) throw new CliError(`"${raw}" is not a number of days: ${setting.problem}`);
  return value;
}

/** The chains of the inheritable settings of the object a Limits context belongs to, as they will be after COMMIT. */
interface StagedChains {
  twoFactor: PolicyChain;
  graceDays: SettingChain<number>;
  trustDays: SettingChain<number>;
}

/** The Account Defaults values with what the domain context has staged. */
async function stagedDomainDefaults(state: CliState): Promise<{ twoFactor: TwoFactorSetting; graceDays: number; trustDays: number }> {
  const domain = await state.domain();
  const defaults = { twoFactor: domain.twoFactor, graceDays: domain.graceDays, trustDays: domain.trustDays };
  for (const change of state.domainFrame().changes) {
    if (change.op === 'setTwoFactorDefault') defaults.twoFactor = change.value;
    if (change.op === 'setGraceDaysDefault') defaults.graceDays = change.value;
    if (change.op === 'setTrustDaysDefault') defaults.trustDays = change.value;
  }
  return defaults;
}

/** The chains of the class or account a Limits context belongs to, with its staged changes and the frame's own values. */
async function stagedChains(state: CliState, frame: LimitsFrame): Promise<StagedChains> {
  const owner = state.parent();
  const domain = await state.domain();
  const defaults = await stagedDomainDefaults(state);
  if (owner?.kind !== 'accountClass' && owner?.kind !== 'account') throw new Error('Limits outside a class or an account');
  const stored = owner.isNew ? null : owner.kind === 'accountClass' ? await requireAccountClass(state.services, domain, owner.name) : await requireAccount(state.services, domain, owner.name);
  const own = { twoFactor: stored?.twoFactor ?? null, graceDays: stored?.graceDays ?? null, trustDays: stored?.trustDays ?? null };
  let className: string | null = owner.kind === 'account' && stored ? (stored as AccountRecord).className : null;
  for (const change of owner.changes) {
    if (change.op === 'setTwoFactor') own.twoFactor = change.value;
    if (change.op === 'setGraceDays') own.graceDays = change.value;
    if (change.op === 'setTrustDays') own.trustDays = change.value;
    if (change.op === 'inherit') className = change.className;
  }
  if (frame.value !== undefined) own.twoFactor = frame.value;
  for (const setting of DAY_SETTINGS) if (frame[setting.key] !== undefined) own[setting.key] = frame[setting.key] ?? null;
  const accountClass = className ? await requireAccountClass(state.services, domain, className) : null;
  const chain = <K extends 'twoFactor' | 'graceDays' | 'trustDays'>(key: K) => ({
    account: own[key],
    accountClass: accountClass ? { name: accountClass.name, value: accountClass[key] } : null,
    domainDefault: defaults[key],
  });
  return { twoFactor: chain('twoFactor'), graceDays: chain('graceDays'), trustDays: chain('trustDays') };
}

/** The proposal the preview of mandatory set-up needs (with the days allowed staged beside it), or null for an object not created yet. */
async function proposalFor(state: CliState, value: TwoFactorSetting | null): Promise<PolicyProposal | null> {
  const domain = await state.domain();
  const owner = state.parent();
  if (state.context === 'accountDefaultLimits') return value ? { level: 'domain', domain, value, graceDays: state.top('accountDefaultLimits').graceDays } : null;
  const graceDays = state.top('limits').graceDays;
  if (owner?.kind === 'accountClass' && !owner.isNew) return { level: 'class', domain, accountClass: await requireAccountClass(state.services, domain, owner.name), value, graceDays };
  if (owner?.kind === 'account' && !owner.isNew) return { level: 'account', account: await requireAccount(state.services, domain, owner.name), value, graceDays };
  return null;
}

/** A note when the staged setting would force accounts that are not configured into set-up at their next login. */
async function impactNote(state: CliState, value: TwoFactorSetting | null): Promise<string[]> {
  const proposal = await proposalFor(state, value);
  const impact = proposal ? await previewMandatoryImpact(state.services, proposal) : null;
  if (!impact || impact.count === 0) return [];
  const grace = describeGraceImpact(impact, state.services.clock.now());
  return facts([['note', S.impact(impact.count, impact.addresses)], ...(grace ? [['grace', grace] as [string, string]] : [])]);
}

const setCommand = (where: 'sub' | 'defaults'): CliCommand => ({
  words: ['SET', SETTING],
  args: [{ kind: 'value', name: 'value' }],
  help: 'stages the 2-Step Verification setting: disabled, enabled (optional for the user) or mandatory',
  async run(state, values) {
    const value = parseSetting(values.value);
    if (where === 'defaults') state.top('accountDefaultLimits').value = value;
    else state.top('limits').value = value;
    return { body: await impactNote(state, value), ok: S.stagedSub };
  },
});

const setDaysCommand = (where: 'sub' | 'defaults', setting: DaySetting): CliCommand => ({
  words: ['SET', setting.name],
  args: [{ kind: 'value', name: 'days' }],
  help: setting.help,
  async run(state, values) {
    const days = parseDays(values.days, setting);
    if (where === 'defaults') state.top('accountDefaultLimits')[setting.key] = days;
    else state.top('limits')[setting.key] = days;
    return { ok: S.stagedSub };
  },
});

const resetDaysCommand = (setting: DaySetting): CliCommand => ({
  words: ['RESET', setting.name],
  help: setting.resetHelp,
  async run(state) {
    state.top('limits')[setting.key] = null;
    return { ok: S.stagedSub };
  },
});

/** CONFIG Limits of a class or an account: opens its Limits sub-context. */
export function configLimits(owner: 'class' | 'account'): CliCommand {
  return {
    words: ['CONFIG', 'Limits'],
    help: owner === 'class' ? "opens the class's Limits (its 2-Step Verification settings)" : "opens the account's Limits (its own 2-Step Verification settings)",
    async run(state) {
      state.push({ kind: 'limits' });
      return { ok: S.subContextOpened };
    },
  };
}

const backCount = (frame: { value?: unknown; graceDays?: unknown; trustDays?: unknown }) =>
  [frame.value, frame.graceDays, frame.trustDays].filter((staged) => staged !== undefined).length;

/** Commands of `<domain-accountDefaultLimits#>`. */
export const DEFAULT_LIMITS_COMMANDS: readonly CliCommand[] = [
  setCommand('defaults'),
  ...DAY_SETTINGS.map((setting) => setDaysCommand('defaults', setting)),
  {
    words: ['SHOW'],
    help: "shows the Account Defaults' 2-Step Verification settings",
    async run(state) {
      const frame = state.top('accountDefaultLimits');
      const defaults = await stagedDomainDefaults(state);
      const rows: [string, string][] = [[SETTING, frame.value ?? defaults.twoFactor], ...DAY_SETTINGS.map((setting): [string, string] => [setting.name, String(frame[setting.key] ?? defaults[setting.key])])];
      return { body: [...facts(rows), ...pendingFacts(backCount(frame))], ok: S.shown };
    },
  },
  {
    words: ['DONE'],
    help: 'returns to the domain, keeping the staged settings for its COMMIT',
    async run(state) {
      const frame = state.top('accountDefaultLimits');
      if (frame.value !== undefined) state.domainFrame().changes.push({ op: 'setTwoFactorDefault', value: frame.value });
      for (const setting of DAY_SETTINGS) {
        const days = frame[setting.key];
        if (days !== undefined) state.domainFrame().changes.push({ op: setting.defaultsOp, value: days });
      }
      state.pop();
      return { ok: S.kept(backCount(frame)) };
    },
  },
];

/** A value as SHOW prints it: the explicit one, or "inherited (value, source)". */
function shownValue<T>(chain: SettingChain<T>, fallback: T, subject: 'account' | 'class'): string {
  if (chain.account !== null) return String(chain.account);
  const inherited = resolveSetting({ ...chain, account: null }, fallback);
  return S.inherited(String(inherited.value), describeSource(inherited.source, subject));
}

/** Commands of the Limits of a class (`<domain-accountClass-limits#>`) or an account (`<domain-account-limits#>`). */
export const LIMITS_COMMANDS: readonly CliCommand[] = [
  setCommand('sub'),
  ...DAY_SETTINGS.map((setting) => setDaysCommand('sub', setting)),
  {
    words: ['RESET', SETTING],
    help: 'stages going back to the inherited setting',
    async run(state) {
      state.top('limits').value = null;
      return { body: await impactNote(state, null), ok: S.stagedSub };
    },
  },
  ...DAY_SETTINGS.map(resetDaysCommand),
  {
    words: ['SHOW'],
    help: 'shows the 2-Step Verification settings, explicit or inherited',
    async run(state) {
      const frame: LimitsFrame = state.top('limits');
      const chains = await stagedChains(state, frame);
      const subject = state.parent()?.kind === 'account' ? 'account' : 'class';
      const rows: [string, string][] = [
        [SETTING, shownValue(chains.twoFactor, 'disabled', subject)],
        ...DAY_SETTINGS.map((setting): [string, string] => [setting.name, shownValue(chains[setting.key], 0, subject)]),
      ];
      return { body: [...facts(rows), ...pendingFacts(backCount(frame))], ok: S.shown };
    },
  },
  {
    words: ['DONE'],
    help: 'returns to the object, keeping the staged settings for its COMMIT',
    async run(state) {
      const frame = state.top('limits');
      const owner = state.parent();
      if (owner?.kind === 'account' || owner?.kind === 'accountClass') {
        if (frame.value !== undefined) owner.changes.push({ op: 'setTwoFactor', value: frame.value });
        for (const setting of DAY_SETTINGS) {
          const days = frame[setting.key];
          if (days !== undefined) owner.changes.push({ op: setting.op, value: days });
        }
      }
      state.pop();
      return { ok: S.kept(backCount(frame)) };
    },
  },
];
