import { listDomainsWithAccountCounts } from '../../services/domain-list.js';
import { createDomain, removeDomain, requireDomain } from '../../services/domains.js';
import { NAME_ARG } from '../grammar.js';
import { table } from '../format.js';
import { resetAdminTwoFactor } from '../../services/admins.js';
import { CliError, type CliCommand } from '../state.js';
import { S } from '../strings.js';
import { domainFacts } from '../views.js';

/** Commands of the root context `<#>`. */
export const ROOT_COMMANDS: readonly CliCommand[] = [
  {
    words: ['LIST', 'Domains'],
    help: 'lists the domains with their Account Defaults setting',
    async run(state) {
      const listed = await listDomainsWithAccountCounts(state.services);
      const rows = listed.map(({ domain, accounts }) => [domain.name, String(accounts), domain.twoFactor, domain.brandingName ?? '-']);
      return { body: table(['name', 'accounts', 'twoFactorAuthEnabled', 'brandingName'], rows), ok: S.listed(rows.length, 'domain(s)') };
    },
  },
  {
    words: ['CREATE', 'Domain'],
    args: [
      { kind: 'pair', key: 'name' },
      { kind: 'pair', key: 'postmasterPassword' },
    ],
    ignoresOtherPairs: true,
    help: 'creates a domain and its postmaster account (other Axigen options are ignored)',
    async run(state, values) {
      const domain = await createDomain(state.services, state.actor, values.name, values.postmasterPassword);
      return { ok: S.domainCreated(domain.name) };
    },
  },
  {
    words: ['UPDATE', 'Domain'],
    args: NAME_ARG,
    help: 'opens the domain context to change the domain',
    async run(state, values) {
      const domain = await requireDomain(state.services, values.name);
      state.push({ kind: 'domain', domain: domain.name, changes: [] });
      return { ok: S.contextOpened(`domain ${domain.name}`) };
    },
  },
  {
    words: ['SHOW', 'Domain'],
    args: NAME_ARG,
    help: 'shows a domain',
    async run(state, values) {
      const domain = await requireDomain(state.services, values.name);
      return { body: await domainFacts(state.services, domain), ok: S.shown };
    },
  },
  {
    words: ['DELETE', 'Domain'],
    args: NAME_ARG,
    help: 'deletes a domain with all its accounts and classes',
    async run(state, values) {
      const domain = await requireDomain(state.services, values.name);
      await removeDomain(state.services, state.actor, domain.name);
      return { ok: S.domainDeleted(domain.name) };
    },
  },
  {
    words: ['RESET', 'AdminTwoFactor'],
    args: NAME_ARG,
    help: "local CLI only (npm run cli): resets an administrator's 2-Step Verification (key, recovery codes, sessions), for one who lost their phone",
    async run(state, values) {
      // Over TCP an administrator is signed in and could be the very one locked out: WebAdmin's Administrators page serves there.
      if (state.actor.kind !== 'cli' || state.actor.ip !== null) throw new CliError(S.adminResetLocalOnly);
      const admin = await resetAdminTwoFactor(state.services, state.actor, null, values.name);
      return { ok: S.adminReset(admin.name) };
    },
  },
  {
    words: ['SAVE', 'CONFIG'],
    help: 'accepted for Axigen scripts; every COMMIT is already stored',
    async run() {
      return { ok: S.saveConfig };
    },
  },
];
