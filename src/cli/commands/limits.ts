import { GRACE_DAYS_PROBLEM, parseGraceDays } from '../../core/grace.js';
import { describeSource, parseTwoFactorSetting, resolveSetting, type PolicyChain, type SettingChain, type TwoFactorSetting } from '../../core/policy.js';
import { requireAccountClass } from '../../services/account-classes.js';
import { requireAccount } from '../../services/accounts.js';
import { describeGraceImpact, previewMandatoryImpact, type PolicyProposal } from '../../services/impact.js';
import { facts } from '../format.js';
import { CliError, type CliCommand, type CliState, type LimitsFrame } from '../state.js';
import { S } from '../strings.js';
import { pendingFacts } from '../views.js';

const SETTING = 'twoFactorAuthEnabled';
const GRACE = 'twoFactorGraceDays';

function parseSetting(raw: string): TwoFactorSetting {
  const value = parseTwoFactorSetting(raw);
  if (!value) throw new CliError(S.badSetting(raw));
  return value;
}

function parseDays(raw: string): number {
  const value = parseGraceDays(raw);
  if (value === null) throw new CliError(`"${raw}" is not a number of days: ${GRACE_DAYS_PROBLEM}`);
  return value;
}

/** The chains of both inheritable settings of the object a Limits context belongs to, as they will be after COMMIT. */
interface StagedChains {
  twoFactor: PolicyChain;
  grace: SettingChain<number>;
}

/** The Account Defaults values with what the domain context has staged. */
async function stagedDomainDefaults(state: CliState): Promise<{ twoFactor: TwoFactorSetting; graceDays: number }> {
  const domain = await state.domain();
  let twoFactor = domain.twoFactor;
  let graceDays = domain.graceDays;
  for (const change of state.domainFrame().changes) {
    if (change.op === 'setTwoFactorDefault') twoFactor = change.value;
    if (change.op === 'setGraceDaysDefault') graceDays = change.value;
  }
  return { twoFactor, graceDays };
}

/** The chains of the class or account a Limits context belongs to, with its staged changes and the frame's own values. */
async function stagedChains(state: CliState, frame: LimitsFrame): Promise<StagedChains> {
  const owner = state.parent();
  const domain = await state.domain();
  const defaults = await stagedDomainDefaults(state);
  let own: { twoFactor: TwoFactorSetting | null; graceDays: number | null };
  let className: string | null = null;
  if (owner?.kind === 'accountClass') {
    const stored = owner.isNew ? null : await requireAccountClass(state.services, domain, owner.name);
    own = { twoFactor: stored?.twoFactor ?? null, graceDays: stored?.graceDays ?? null };
    for (const change of owner.changes) {
      if (change.op === 'setTwoFactor') own.twoFactor = change.value;
      else if (change.op === 'setGraceDays') own.graceDays = change.value;
    }
  } else if (owner?.kind === 'account') {
    const stored = owner.isNew ? null : await requireAccount(state.services, domain, owner.name);
    own = { twoFactor: stored?.twoFactor ?? null, graceDays: stored?.graceDays ?? null };
    className = stored?.className ?? null;
    for (const change of owner.changes) {
      if (change.op === 'setTwoFactor') own.twoFactor = change.value;
      if (change.op === 'setGraceDays') own.graceDays = change.value;
      if (change.op === 'inherit') className = change.className;
    }
  } else {
    throw new Error('Limits outside a class or an account');
  }
  if (frame.value !== undefined) own.twoFactor = frame.value;
  if (frame.graceDays !== undefined) own.graceDays = frame.graceDays;
  const accountClass = className ? await requireAccountClass(state.services, domain, className) : null;
  return {
    twoFactor: { account: own.twoFactor, accountClass: accountClass ? { name: accountClass.name, value: accountClass.twoFactor } : null, domainDefault: defaults.twoFactor },
    grace: { account: own.graceDays, accountClass: accountClass ? { name: accountClass.name, value: accountClass.graceDays } : null, domainDefault: defaults.graceDays },
  };
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

const setGraceCommand = (where: 'sub' | 'defaults'): CliCommand => ({
  words: ['SET', GRACE],
  args: [{ kind: 'value', name: 'days' }],
  help: 'stages the days allowed to set up mandatory 2-Step Verification (0 = at once, up to 365); a deadline already started stays',
  async run(state, values) {
    const days = parseDays(values.days);
    if (where === 'defaults') state.top('accountDefaultLimits').graceDays = days;
    else state.top('limits').graceDays = days;
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

const backCount = (frame: { value?: unknown; graceDays?: unknown }) => (frame.value === undefined ? 0 : 1) + (frame.graceDays === undefined ? 0 : 1);

/** Commands of `<domain-accountDefaultLimits#>`. */
export const DEFAULT_LIMITS_COMMANDS: readonly CliCommand[] = [
  setCommand('defaults'),
  setGraceCommand('defaults'),
  {
    words: ['SHOW'],
    help: "shows the Account Defaults' 2-Step Verification settings",
    async run(state) {
      const frame = state.top('accountDefaultLimits');
      const defaults = await stagedDomainDefaults(state);
      const rows: [string, string][] = [
        [SETTING, frame.value ?? defaults.twoFactor],
        [GRACE, String(frame.graceDays ?? defaults.graceDays)],
      ];
      return { body: [...facts(rows), ...pendingFacts(backCount(frame))], ok: S.shown };
    },
  },
  {
    words: ['DONE'],
    help: 'returns to the domain, keeping the staged settings for its COMMIT',
    async run(state) {
      const frame = state.top('accountDefaultLimits');
      if (frame.value !== undefined) state.domainFrame().changes.push({ op: 'setTwoFactorDefault', value: frame.value });
      if (frame.graceDays !== undefined) state.domainFrame().changes.push({ op: 'setGraceDaysDefault', value: frame.graceDays });
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
  setGraceCommand('sub'),
  {
    words: ['RESET', SETTING],
    help: 'stages going back to the inherited setting',
    async run(state) {
      state.top('limits').value = null;
      return { body: await impactNote(state, null), ok: S.stagedSub };
    },
  },
  {
    words: ['RESET', GRACE],
    help: 'stages going back to the inherited days allowed to set up',
    async run(state) {
      state.top('limits').graceDays = null;
      return { ok: S.stagedSub };
    },
  },
  {
    words: ['SHOW'],
    help: 'shows the 2-Step Verification settings, explicit or inherited',
    async run(state) {
      const frame: LimitsFrame = state.top('limits');
      const chains = await stagedChains(state, frame);
      const subject = state.parent()?.kind === 'account' ? 'account' : 'class';
      const rows: [string, string][] = [
        [SETTING, shownValue(chains.twoFactor, 'disabled', subject)],
        [GRACE, shownValue(chains.grace, 0, subject)],
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
        if (frame.graceDays !== undefined) owner.changes.push({ op: 'setGraceDays', value: frame.graceDays });
      }
      state.pop();
      return { ok: S.kept(backCount(frame)) };
    },
  },
];
