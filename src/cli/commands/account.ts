import { DEADLINE_DAY_PROBLEM, deadlineFromDay } from '../../core/grace.js';
import { passwordProblem } from '../../core/names.js';
import { checkDeviceName } from '../../core/device-names.js';
import { normalizeProvisionedKey } from '../../core/provisioned-key.js';
import { requireAccountClass } from '../../services/account-classes.js';
import { accountCurrentCodes, applyAccountChanges, createAccount, requireAccount, summarizeAccount, type AccountChange } from '../../services/accounts.js';
import { accountAppPasswords, revokeAllAppPasswords, revokeAppPasswordNamed } from '../../services/app-passwords.js';
import { NAME_ARG } from '../grammar.js';
import { facts, instant, table } from '../format.js';
import { CliError, type AccountFrame, type CliCommand, type CliState } from '../state.js';
import { S } from '../strings.js';
import { configLimits } from './limits.js';
import { accountFacts, pendingFacts } from '../views.js';

const KEY_OPS: ReadonlySet<AccountChange['op']> = new Set(['provisionKey', 'resetKey', 'revokeAll', 'setConfigured', 'removeDevice']);

function stage(state: CliState, change: AccountChange) {
  state.top('account').changes.push(change);
  return { ok: S.staged };
}

async function storedAccount(state: CliState, frame: AccountFrame) {
  if (frame.isNew) throw new CliError(S.notCreatedYet);
  return requireAccount(state.services, await state.domain(), frame.name);
}

function pendingCount(frame: AccountFrame): number {
  return frame.changes.length + (frame.isNew ? 1 : 0);
}

/** Commands of `<domain-account#>`. */
export const ACCOUNT_COMMANDS: readonly CliCommand[] = [
  {
    words: ['SHOW'],
    help: 'shows the account: effective 2-Step Verification setting and its source, configured, locked',
    async run(state) {
      const frame = state.top('account');
      const domain = await state.domain();
      const shown = frame.isNew
        ? facts([['name', frame.name], ['address', `${frame.name}@${domain.name}`]])
        : await accountFacts(state.services, await storedAccount(state, frame));
      return { body: [...shown, ...pendingFacts(pendingCount(frame))], ok: S.shown };
    },
  },
  {
    words: ['SET', 'password'],
    args: [{ kind: 'value', name: 'password' }],
    help: 'stages a new password',
    async run(state, values) {
      const problem = passwordProblem(values.password);
      if (problem) throw new CliError(problem);
      const frame = state.top('account');
      if (!frame.isNew) return stage(state, { op: 'setPassword', password: values.password });
      frame.password = values.password;
      return { ok: S.staged };
    },
  },
  {
    words: ['SET', 'twoFactorConfigured'],
    args: [{ kind: 'value', name: 'value' }],
    help: 'stages marking the stored key as paired (yes) or revoking it (no)',
    async run(state, values) {
      const answer = values.value.toLowerCase();
      if (answer !== 'yes' && answer !== 'no') throw new CliError(S.badYesNo(values.value));
      return stage(state, { op: 'setConfigured', value: answer === 'yes' });
    },
  },
  {
    words: ['SET', 'twoFactorSecretKey'],
    args: [{ kind: 'value', name: 'key' }, { kind: 'pair', key: 'deviceName', optional: true }],
    help: 'stages an existing secret key (16 characters A-Z, 2-7) as one more paired device, named by deviceName ("Provisioned key" when not given)',
    async run(state, values) {
      const checked = normalizeProvisionedKey(values.key);
      if (!checked.ok) throw new CliError(checked.message);
      const named = values.deviceName === undefined ? null : checkDeviceName(values.deviceName);
      if (named && !named.ok) throw new CliError(named.message);
      return stage(state, { op: 'provisionKey', key: checked.key, ...(named ? { name: named.value } : {}) });
    },
  },
  {
    words: ['SET', 'twoFactorSetupDeadline'],
    args: [{ kind: 'value', name: 'day' }],
    help: 'stages the last day (YYYY-MM-DD, UTC) of the account\'s time to set up mandatory 2-Step Verification',
    async run(state, values) {
      const deadline = deadlineFromDay(values.day);
      if (deadline === null) throw new CliError(DEADLINE_DAY_PROBLEM);
      return stage(state, { op: 'setSetupDeadline', value: deadline });
    },
  },
  {
    words: ['RESET', 'twoFactorSetupDeadline'],
    help: 'stages forgetting the set-up deadline: the next sign-in that needs set-up starts one from the setting',
    async run(state) {
      return stage(state, { op: 'setSetupDeadline', value: null });
    },
  },
  {
    words: ['RESET', 'twoFactorSecretKey'],
    help: 'stages a new random secret key; the user must pair again',
    async run(state) {
      return stage(state, { op: 'resetKey' });
    },
  },
  {
    words: ['SHOW', 'twoFactorCode'],
    help: "shows the account's current verification code (for support)",
    async run(state) {
      const frame = state.top('account');
      const account = await storedAccount(state, frame);
      if (frame.changes.some((change) => KEY_OPS.has(change.op))) throw new CliError(S.keyPending);
      const codes = await accountCurrentCodes(state.services, account);
      // One device: the line Axigen scripts read; several: one line per device, by id.
      const lines = codes.length === 1 ? [['twoFactorCode', codes[0].code]] : codes.map((one) => [`twoFactorCode.${one.id}`, `${one.code} (${one.name})`]);
      return { body: facts(lines as [string, string][]), ok: S.currentCode };
    },
  },
  {
    words: ['LIST', 'SecurityMethods'],
    help: "lists the account's 2-Step Verification methods: each device (id, name, state, added, last used, clock) and the recovery codes",
    async run(state) {
      const account = await storedAccount(state, state.top('account'));
      const summary = await summarizeAccount(state.services, account);
      const stateOf = (configured: boolean) => (!configured ? 'not paired' : summary.locked ? `locked until ${instant(summary.lockedUntil)}` : 'configured');
      const rows = [
        ...summary.devices.map((one) => [String(one.id), one.kind, one.name, stateOf(one.configured), instant(one.addedAt), instant(one.lastUsedAt), one.driftText ?? '-']),
        ['-', 'recoveryCodes', '-', `${summary.recoveryCodesLeft} unused`, '-', '-', '-'],
      ];
      return { body: table(['id', 'method', 'name', 'state', 'added', 'lastUsed', 'deviceClock'], rows), ok: S.listed(rows.length, 'security method(s)') };
    },
  },
  {
    words: ['REVOKE', 'securityMethod'],
    args: [{ kind: 'value', name: 'id' }],
    help: 'stages removing one device by its id (LIST SecurityMethods); the others keep working',
    async run(state, values) {
      if (!/^[1-9][0-9]{0,9}$/.test(values.id)) throw new CliError(S.badDeviceId(values.id));
      return stage(state, { op: 'removeDevice', id: Number(values.id) });
    },
  },
  {
    words: ['REVOKE', 'all', 'securityMethods'],
    help: 'stages revoking all devices: the key and the recovery codes go, other sessions end',
    async run(state) {
      return stage(state, { op: 'revokeAll' });
    },
  },
  {
    words: ['LIST', 'AppPasswords'],
    help: "lists the account's app passwords (mail-client sign-ins): name, created, last use, from which address and protocol",
    async run(state) {
      const account = await storedAccount(state, state.top('account'));
      const rows = (await accountAppPasswords(state.services, account)).map((one) => [
        one.name,
        instant(one.createdAt),
        one.lastUsedAt === null ? 'never' : instant(one.lastUsedAt),
        one.lastUsedIp ?? '-',
        one.lastUsedProtocol ?? '-',
      ]);
      return { body: table(['name', 'created', 'lastUsed', 'address', 'protocol'], rows), ok: S.listed(rows.length, 'app password(s)') };
    },
  },
  {
    words: ['REVOKE', 'AppPassword'],
    args: NAME_ARG,
    help: 'revokes the app password of that name at once (no COMMIT); its mail clients are refused from their next sign-in',
    async run(state, values) {
      const account = await storedAccount(state, state.top('account'));
      const name = await revokeAppPasswordNamed(state.services, state.actor, account, values.name);
      return { ok: S.appPasswordRevoked(name, account.address) };
    },
  },
  {
    words: ['REVOKE', 'all', 'AppPasswords'],
    help: 'revokes every app password of the account at once (no COMMIT) and says how many there were',
    async run(state) {
      const account = await storedAccount(state, state.top('account'));
      return { ok: S.appPasswordsRevoked(await revokeAllAppPasswords(state.services, state.actor, account), account.address) };
    },
  },
  {
    words: ['INHERIT', 'SETTINGS', 'FROM', 'domainDefaults'],
    help: "stages inheriting from the domain's Account Defaults",
    async run(state) {
      return stage(state, { op: 'inherit', className: null });
    },
  },
  {
    words: ['INHERIT', 'SETTINGS', 'FROM', 'accountClass'],
    args: [{ kind: 'value', name: 'class' }],
    help: 'stages inheriting from an account class',
    async run(state, values) {
      const found = await requireAccountClass(state.services, await state.domain(), values.class);
      return stage(state, { op: 'inherit', className: found.name });
    },
  },
  configLimits('account'),
  {
    words: ['COMMIT'],
    help: 'creates or changes the account with the staged changes at once and returns to the domain',
    async run(state) {
      const frame = state.top('account');
      const domain = await state.domain();
      const address = `${frame.name}@${domain.name}`;
      if (frame.isNew) {
        await createAccount(state.services, state.actor, domain, { name: frame.name, password: frame.password ?? '' }, frame.changes);
      } else {
        await applyAccountChanges(state.services, state.actor, domain, frame.name, frame.changes);
      }
      state.pop();
      return { ok: frame.isNew ? S.accountCreated(address) : S.accountSaved(address, frame.changes.length) };
    },
  },
];
