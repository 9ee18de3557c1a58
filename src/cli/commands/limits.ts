import { describeSource, parseTwoFactorSetting, resolvePolicy, type PolicyChain, type TwoFactorSetting } from '../../core/policy.js';
import { requireAccountClass } from '../../services/account-classes.js';
import { requireAccount } from '../../services/accounts.js';
import { previewMandatoryImpact, type PolicyProposal } from '../../services/impact.js';
import { facts } from '../format.js';
import { CliError, type CliCommand, type CliState, type LimitsFrame } from '../state.js';
import { S } from '../strings.js';
import { pendingFacts } from '../views.js';

const SETTING = 'twoFactorAuthEnabled';

function parseSetting(raw: string): TwoFactorSetting {
  const value = parseTwoFactorSetting(raw);
  if (!value) throw new CliError(S.badSetting(raw));
  return value;
}

/** The value the last staged `setTwoFactor` of a list gives, or undefined when none is staged. */
function lastStaged<T extends { op: string }>(changes: T[], op: string, pick: (change: T) => TwoFactorSetting | null): TwoFactorSetting | null | undefined {
  const found = changes.filter((change) => change.op === op).pop();
  return found ? pick(found) : undefined;
}

/** The Account Defaults value with what the domain context has staged. */
async function stagedDomainDefault(state: CliState): Promise<TwoFactorSetting> {
  const staged = lastStaged(state.domainFrame().changes, 'setTwoFactorDefault', (c) => (c.op === 'setTwoFactorDefault' ? c.value : null));
  return staged ?? (await state.domain()).twoFactor;
}

/** The policy chain of the class or account a Limits context belongs to, as it will be after COMMIT. */
async function stagedChain(state: CliState, own: TwoFactorSetting | null | undefined): Promise<PolicyChain> {
  const owner = state.parent();
  const domain = await state.domain();
  const domainDefault = await stagedDomainDefault(state);
  if (owner?.kind === 'accountClass') {
    const stored = owner.isNew ? null : (await requireAccountClass(state.services, domain, owner.name)).twoFactor;
    const explicit = own !== undefined ? own : lastStaged(owner.changes, 'setTwoFactor', (c) => c.value);
    return { account: explicit === undefined ? stored : explicit, accountClass: null, domainDefault };
  }
  if (owner?.kind !== 'account') throw new Error('Limits outside a class or an account');
  const stored = owner.isNew ? null : await requireAccount(state.services, domain, owner.name);
  let explicit = stored?.twoFactor ?? null;
  let className = stored?.className ?? null;
  for (const change of owner.changes) {
    if (change.op === 'setTwoFactor') explicit = change.value;
    if (change.op === 'inherit') className = change.className;
  }
  if (own !== undefined) explicit = own;
  const accountClass = className ? { name: className, value: (await requireAccountClass(state.services, domain, className)).twoFactor } : null;
  return { account: explicit, accountClass, domainDefault };
}

/** The proposal the preview of mandatory set-up needs, or null for an object not created yet. */
async function proposalFor(state: CliState, value: TwoFactorSetting | null): Promise<PolicyProposal | null> {
  const domain = await state.domain();
  const owner = state.parent();
  if (state.context === 'accountDefaultLimits') return value ? { level: 'domain', domain, value } : null;
  if (owner?.kind === 'accountClass' && !owner.isNew) return { level: 'class', domain, accountClass: await requireAccountClass(state.services, domain, owner.name), value };
  if (owner?.kind === 'account' && !owner.isNew) return { level: 'account', account: await requireAccount(state.services, domain, owner.name), value };
  return null;
}

/** A note when the staged setting would force accounts that are not configured into set-up at their next login. */
async function impactNote(state: CliState, value: TwoFactorSetting | null): Promise<string[]> {
  const proposal = await proposalFor(state, value);
  const impact = proposal ? await previewMandatoryImpact(state.services, proposal) : null;
  return impact && impact.count > 0 ? facts([['note', S.impact(impact.count, impact.addresses)]]) : [];
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

/** CONFIG Limits of a class or an account: opens its Limits sub-context. */
export function configLimits(owner: 'class' | 'account'): CliCommand {
  return {
    words: ['CONFIG', 'Limits'],
    help: owner === 'class' ? "opens the class's Limits (its 2-Step Verification setting)" : "opens the account's Limits (its own 2-Step Verification setting)",
    async run(state) {
      state.push({ kind: 'limits' });
      return { ok: S.subContextOpened };
    },
  };
}

const backCount = (frame: { value?: unknown }) => (frame.value === undefined ? 0 : 1);

/** Commands of `<domain-accountDefaultLimits#>`. */
export const DEFAULT_LIMITS_COMMANDS: readonly CliCommand[] = [
  setCommand('defaults'),
  {
    words: ['SHOW'],
    help: "shows the Account Defaults' 2-Step Verification setting",
    async run(state) {
      const frame = state.top('accountDefaultLimits');
      const value = frame.value ?? (await stagedDomainDefault(state));
      return { body: [...facts([[SETTING, value]]), ...pendingFacts(backCount(frame))], ok: S.shown };
    },
  },
  {
    words: ['DONE'],
    help: 'returns to the domain, keeping the staged setting for its COMMIT',
    async run(state) {
      const frame = state.top('accountDefaultLimits');
      if (frame.value !== undefined) state.domainFrame().changes.push({ op: 'setTwoFactorDefault', value: frame.value });
      state.pop();
      return { ok: S.kept(backCount(frame)) };
    },
  },
];

/** Commands of the Limits of a class (`<domain-accountClass-limits#>`) or an account (`<domain-account-limits#>`). */
export const LIMITS_COMMANDS: readonly CliCommand[] = [
  setCommand('sub'),
  {
    words: ['RESET', SETTING],
    help: 'stages going back to the inherited setting',
    async run(state) {
      state.top('limits').value = null;
      return { body: await impactNote(state, null), ok: S.stagedSub };
    },
  },
  {
    words: ['SHOW'],
    help: 'shows the 2-Step Verification setting, explicit or inherited',
    async run(state) {
      const frame: LimitsFrame = state.top('limits');
      const chain = await stagedChain(state, frame.value);
      const subject = state.parent()?.kind === 'account' ? 'account' : 'class';
      const inherited = resolvePolicy({ ...chain, account: null });
      const shown = chain.account ?? S.inherited(inherited.value, describeSource(inherited.source, subject));
      return { body: [...facts([[SETTING, shown]]), ...pendingFacts(backCount(frame))], ok: S.shown };
    },
  },
  {
    words: ['DONE'],
    help: 'returns to the object, keeping the staged setting for its COMMIT',
    async run(state) {
      const frame = state.top('limits');
      const owner = state.parent();
      if (frame.value !== undefined && (owner?.kind === 'account' || owner?.kind === 'accountClass')) {
        owner.changes.push({ op: 'setTwoFactor', value: frame.value });
      }
      state.pop();
      return { ok: S.kept(backCount(frame)) };
    },
  },
];
