import { checkAccountName, checkClassName, passwordProblem } from '../../core/names.js';
import { describeSource, resolveClassPolicy } from '../../core/policy.js';
import { findAccountClassIn, listAccountClassesOf, removeAccountClass, requireAccountClass } from '../../services/account-classes.js';
import { listAccountPage, type AccountListRow } from '../../services/account-list.js';
import { findAccountIn, removeAccount, requireAccount } from '../../services/accounts.js';
import { applyDomainChanges } from '../../services/domains.js';
import { NAME_ARG } from '../grammar.js';
import { table, wildcardLiteral, wildcardPattern } from '../format.js';
import { CliError, type CliCommand, type CliState } from '../state.js';
import { S } from '../strings.js';
import { accountFacts, domainFacts, pendingFacts } from '../views.js';

/** Commands of the domain context `<domain#>`. */
export const DOMAIN_COMMANDS: readonly CliCommand[] = [
  {
    words: ['SHOW'],
    help: 'shows the domain',
    async run(state) {
      const body = [...(await domainFacts(state.services, await state.domain())), ...pendingFacts(state.top('domain').changes.length)];
      return { body, ok: S.shown };
    },
  },
  {
    words: ['SET', 'brandingName'],
    args: [{ kind: 'value', name: 'brandingName' }],
    help: 'stages the branding name ("" for the server default)',
    async run(state, values) {
      state.top('domain').changes.push({ op: 'setBrandingName', value: values.brandingName });
      return { ok: S.staged };
    },
  },
  {
    words: ['CONFIG', 'accountDefaultLimits'],
    help: "opens the Account Defaults' Limits (the domain's default 2-Step Verification setting)",
    async run(state) {
      state.push({ kind: 'accountDefaultLimits' });
      return { ok: S.subContextOpened };
    },
  },
  {
    words: ['LIST', 'Accounts'],
    args: [{ kind: 'value', name: 'wildcard', optional: true }],
    help: 'lists the accounts (matching a wildcard with * and ?) with their 2-Step Verification state',
    async run(state, values) {
      const rows = await matchingAccounts(state, values.wildcard);
      const cells = rows.map((row) => [row.name, row.effective, row.sourceText, row.statusText]);
      return { body: table(['name', 'twoFactorAuthEnabled', 'source', 'status'], cells), ok: S.listed(rows.length, 'account(s)') };
    },
  },
  {
    words: ['ADD', 'Account'],
    args: [{ kind: 'value', name: 'name', keyword: 'name' }, { kind: 'pair', key: 'password' }],
    help: 'opens a new account; its COMMIT creates it with the staged changes',
    async run(state, values) {
      const domain = await state.domain();
      const checked = checkAccountName(values.name);
      if (!checked.ok) throw new CliError(checked.message);
      const problem = passwordProblem(values.password);
      if (problem) throw new CliError(problem);
      if (await findAccountIn(state.services, domain, checked.value)) throw new CliError(S.accountExists(`${checked.value}@${domain.name}`));
      state.push({ kind: 'account', name: checked.value, isNew: true, password: values.password, changes: [] });
      return { ok: S.contextOpened(`new account ${checked.value}@${domain.name}`) };
    },
  },
  {
    words: ['UPDATE', 'Account'],
    args: NAME_ARG,
    help: 'opens an account to change it',
    async run(state, values) {
      const account = await requireAccount(state.services, await state.domain(), values.name);
      state.push({ kind: 'account', name: account.name, isNew: false, password: null, changes: [] });
      return { ok: S.contextOpened(`account ${account.address}`) };
    },
  },
  {
    words: ['REMOVE', 'Account'],
    args: NAME_ARG,
    help: 'removes an account with its mailbox, at once',
    async run(state, values) {
      const domain = await state.domain();
      const account = await requireAccount(state.services, domain, values.name);
      await removeAccount(state.services, state.actor, domain, account.name);
      return { ok: S.accountRemoved(account.address) };
    },
  },
  {
    words: ['SHOW', 'Account'],
    args: NAME_ARG,
    help: 'shows an account with its effective 2-Step Verification setting and where it comes from',
    async run(state, values) {
      const account = await requireAccount(state.services, await state.domain(), values.name);
      return { body: await accountFacts(state.services, account), ok: S.shown };
    },
  },
  {
    words: ['LIST', 'AccountClasses'],
    help: 'lists the account classes',
    async run(state) {
      const domain = await state.domain();
      const classes = await listAccountClassesOf(state.services, domain);
      const rows = classes.map((c) => {
        const policy = resolveClassPolicy(c.twoFactor, domain.twoFactor);
        return [c.name, policy.value, describeSource(policy.source, 'class'), String(c.accountCount)];
      });
      return { body: table(['name', 'twoFactorAuthEnabled', 'source', 'accounts'], rows), ok: S.listed(rows.length, 'account class(es)') };
    },
  },
  {
    words: ['ADD', 'accountClass'],
    args: NAME_ARG,
    help: 'opens a new account class; its COMMIT creates it with the staged changes',
    async run(state, values) {
      const domain = await state.domain();
      const checked = checkClassName(values.name);
      if (!checked.ok) throw new CliError(checked.message);
      if (await findAccountClassIn(state.services, domain, checked.value)) throw new CliError(S.classExists(checked.value));
      state.push({ kind: 'accountClass', name: checked.value, isNew: true, changes: [] });
      return { ok: S.contextOpened(`new account class ${checked.value}`) };
    },
  },
  {
    words: ['UPDATE', 'accountClass'],
    args: NAME_ARG,
    help: 'opens an account class to change it',
    async run(state, values) {
      const found = await requireAccountClass(state.services, await state.domain(), values.name);
      state.push({ kind: 'accountClass', name: found.name, isNew: false, changes: [] });
      return { ok: S.contextOpened(`account class ${found.name}`) };
    },
  },
  {
    words: ['REMOVE', 'accountClass'],
    args: NAME_ARG,
    help: "removes an account class, at once; its accounts fall back to the domain's Account Defaults",
    async run(state, values) {
      const domain = await state.domain();
      const found = await requireAccountClass(state.services, domain, values.name);
      await removeAccountClass(state.services, state.actor, domain, found.name);
      return { ok: S.classRemoved(found.name) };
    },
  },
  {
    words: ['COMMIT'],
    help: "applies the domain's staged changes at once and returns to <#>",
    async run(state) {
      const frame = state.top('domain');
      const domain = await applyDomainChanges(state.services, state.actor, frame.domain, frame.changes);
      state.pop();
      return { ok: S.domainSaved(domain.name, frame.changes.length) };
    },
  },
];

/** The accounts whose name matches an Axigen wildcard (all when none is given), walking every page of the list. */
async function matchingAccounts(state: CliState, wildcard: string | undefined): Promise<AccountListRow[]> {
  const domain = await state.domain();
  const pattern = wildcard === undefined ? null : wildcardPattern(wildcard);
  const search = wildcard === undefined ? undefined : wildcardLiteral(wildcard) || undefined;
  const rows: AccountListRow[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await listAccountPage(state.services, domain, { search, after });
    rows.push(...page.rows.filter((row) => !pattern || pattern.test(row.name)));
    if (!page.nextAfter) return rows;
    after = page.nextAfter;
  }
}

