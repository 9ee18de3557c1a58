import test from 'ava';
import { resolvePolicy, TWO_FACTOR_SETTINGS, type TwoFactorSetting } from '../../src/core/policy.js';
import { insertAccountClass, setAccountClassTwoFactor } from '../../src/repos/account-classes.js';
import { insertAccount, updateAccount } from '../../src/repos/accounts.js';
import { insertDomain, updateDomain } from '../../src/repos/domains.js';
import { countNewlyMandatory, effectiveSettingsUnder, type ProposedSetting } from '../../src/repos/impact.js';
import { storeSecret } from '../../src/repos/two-factor.js';
import { applyAccountClassChanges, createAccountClass, requireAccountClass } from '../../src/services/account-classes.js';
import { applyAccountChanges, createAccount, requireAccount } from '../../src/services/accounts.js';
import { applyDomainChanges, createDomain } from '../../src/services/domains.js';
import { IMPACT_SAMPLE_SIZE, previewMandatoryImpact, type PolicyProposal } from '../../src/services/impact.js';
import { openServices, TEST_ADMIN } from '../helpers/services.js';

type Setting = TwoFactorSetting | null;
interface ModelClass { id: number; name: string; value: Setting }
interface ModelAccount { id: number; name: string; explicit: Setting; cls: ModelClass | null; configured: boolean }

const CHOICES: Setting[] = [null, ...TWO_FACTOR_SETTINGS];

function effective(account: ModelAccount, domainDefault: TwoFactorSetting, override: { explicit?: Setting; cls?: ModelClass | null; classValue?: { id: number; value: Setting }; domain?: TwoFactorSetting } = {}): TwoFactorSetting {
  const explicit = 'explicit' in override ? override.explicit! : account.explicit;
  const cls = 'cls' in override ? override.cls! : account.cls;
  const classValue = cls && override.classValue?.id === cls.id ? override.classValue.value : cls?.value ?? null;
  return resolvePolicy({ account: explicit, accountClass: cls ? { name: cls.name, value: classValue } : null, domainDefault: override.domain ?? domainDefault }).value;
}

test('the SQL resolution under a proposal mirrors resolvePolicy at every level, and so does the count', async (t) => {
  const { ctx, testDb } = await openServices();
  const db = ctx.db;
  try {
    let checked = 0;
    for (const domainDefault of TWO_FACTOR_SETTINGS) {
      const domainId = await insertDomain(db, `d-${domainDefault}.example`, 0);
      await updateDomain(db, domainId, { twoFactor: domainDefault });
      const classes: ModelClass[] = [];
      for (const value of CHOICES) {
        const name = `class-${value ?? 'inherited'}`;
        const id = await insertAccountClass(db, domainId, name, 0);
        await setAccountClassTwoFactor(db, id, value);
        classes.push({ id, name, value });
      }
      const accounts: ModelAccount[] = [];
      for (const explicit of CHOICES) {
        for (const cls of [null, ...classes]) {
          for (const configured of [false, true]) {
            const name = `u${String(accounts.length).padStart(2, '0')}`;
            const id = await insertAccount(db, { domainId, name, passwordHash: 'x', classId: cls?.id ?? null }, 0);
            await updateAccount(db, id, { twoFactor: explicit });
            if (configured) await storeSecret(db, { kind: 'account', id }, 'sealed', true, 0);
            accounts.push({ id, name, explicit, cls, configured });
          }
        }
      }

      const check = async (proposal: ProposedSetting, inScope: (a: ModelAccount) => boolean, proposed: (a: ModelAccount) => TwoFactorSetting) => {
        const scope = accounts.filter(inScope);
        const rows = await effectiveSettingsUnder(db, proposal);
        t.deepEqual(
          rows,
          scope.map((a) => ({ name: a.name, current: effective(a, domainDefault), proposed: proposed(a) })),
          JSON.stringify(proposal),
        );
        const expected = scope.filter((a) => !a.configured && effective(a, domainDefault) !== 'mandatory' && proposed(a) === 'mandatory').map((a) => a.name);
        t.deepEqual(await countNewlyMandatory(db, proposal, 5), { count: expected.length, sample: expected.slice(0, 5) }, JSON.stringify(proposal));
        checked++;
      };

      for (const value of TWO_FACTOR_SETTINGS) {
        await check({ level: 'domain', domainId, value }, () => true, (a) => effective(a, domainDefault, { domain: value }));
      }
      for (const cls of classes) {
        for (const value of CHOICES) {
          await check({ level: 'class', domainId, classId: cls.id, value }, (a) => a.cls?.id === cls.id, (a) => effective(a, domainDefault, { classValue: { id: cls.id, value } }));
        }
      }
      for (const account of accounts.filter((_, i) => i % 3 === 0)) {
        for (const value of CHOICES) {
          await check({ level: 'account', domainId, accountId: account.id, value }, (a) => a.id === account.id, (a) => effective(a, domainDefault, { explicit: value }));
          for (const cls of [null, classes[0], classes[3]]) {
            await check({ level: 'account', domainId, accountId: account.id, value, classId: cls?.id ?? null }, (a) => a.id === account.id, (a) => effective(a, domainDefault, { explicit: value, cls }));
          }
        }
      }
    }
    t.true(checked > 200);
  } finally {
    await testDb.destroy();
  }
});

test('the preview counts unconfigured accounts across two classes and lists their addresses', async (t) => {
  const { ctx, testDb } = await openServices();
  try {
    let domain = await createDomain(ctx, TEST_ADMIN, 'example.com', 'Secret-123');
    domain = await applyDomainChanges(ctx, TEST_ADMIN, 'example.com', [{ op: 'setTwoFactorDefault', value: 'enabled' }]);
    await createAccountClass(ctx, TEST_ADMIN, domain, 'staff');
    await createAccountClass(ctx, TEST_ADMIN, domain, 'ops', [{ op: 'setTwoFactor', value: 'enabled' }]);
    const add = async (name: string, changes: Parameters<typeof applyAccountChanges>[4]) => {
      await createAccount(ctx, TEST_ADMIN, domain, { name, password: 'correct horse' });
      await applyAccountChanges(ctx, TEST_ADMIN, domain, name, changes);
    };
    await add('alice', [{ op: 'inherit', className: 'staff' }]);
    await add('bob', [{ op: 'inherit', className: 'staff' }, { op: 'provisionKey', key: 'JBSWY3DPEHPK3PXP' }]);
    await add('carol', [{ op: 'inherit', className: 'ops' }]);
    await add('dave', []);
    await add('erin', [{ op: 'inherit', className: 'staff' }, { op: 'setTwoFactor', value: 'disabled' }]);
    await add('frank', [{ op: 'inherit', className: 'ops' }, { op: 'provisionKey', key: 'JBSWY3DPEHPK3PXP' }]);
    const staff = await requireAccountClass(ctx, domain, 'staff');
    const ops = await requireAccountClass(ctx, domain, 'ops');
    const who = async (proposal: PolicyProposal) => {
      const { count, addresses } = await previewMandatoryImpact(ctx, proposal);
      return { count, addresses };
    };
    const grace = async (proposal: PolicyProposal) => (await previewMandatoryImpact(ctx, proposal)).grace;

    t.deepEqual(await who({ level: 'domain', domain, value: 'mandatory' }), {
      count: 3,
      addresses: ['alice@example.com', 'dave@example.com', 'postmaster@example.com'],
    });
    t.deepEqual(await who({ level: 'class', domain, accountClass: staff, value: 'mandatory' }), { count: 1, addresses: ['alice@example.com'] });
    t.deepEqual(await who({ level: 'class', domain, accountClass: ops, value: 'mandatory' }), { count: 1, addresses: ['carol@example.com'] });
    t.deepEqual(await who({ level: 'domain', domain, value: 'disabled' }), { count: 0, addresses: [] });
    const erin = await requireAccount(ctx, domain, 'erin');
    t.deepEqual(await who({ level: 'account', account: erin, value: null }), { count: 0, addresses: [] });
    t.deepEqual(await who({ level: 'account', account: erin, value: 'mandatory' }), { count: 1, addresses: ['erin@example.com'] });
    t.deepEqual(await who({ level: 'account', account: await requireAccount(ctx, domain, 'dave'), value: null, inheritFrom: ops }), { count: 0, addresses: [] });

    t.deepEqual(await grace({ level: 'domain', domain, value: 'mandatory' }), { count: 0, minDays: 0, maxDays: 0 }, 'no days allowed anywhere: all at once');
    t.deepEqual(await grace({ level: 'domain', domain, value: 'mandatory', graceDays: 14 }), { count: 3, minDays: 14, maxDays: 14 }, 'the proposed days count');
    await applyAccountClassChanges(ctx, TEST_ADMIN, domain, 'staff', [{ op: 'setGraceDays', value: 3 }]);
    t.deepEqual(await grace({ level: 'domain', domain, value: 'mandatory', graceDays: 14 }), { count: 3, minDays: 3, maxDays: 14 }, 'a class of its own days');
    t.deepEqual(await grace({ level: 'class', domain, accountClass: staff, value: 'mandatory', graceDays: null }), { count: 0, minDays: 0, maxDays: 0 }, 'the class inheriting the defaults (0) again');
    t.deepEqual(await grace({ level: 'account', account: erin, value: 'mandatory', graceDays: 9 }), { count: 1, minDays: 9, maxDays: 9 });
    await applyAccountClassChanges(ctx, TEST_ADMIN, domain, 'staff', [{ op: 'setGraceDays', value: null }]);

    await applyAccountClassChanges(ctx, TEST_ADMIN, domain, 'staff', [{ op: 'setTwoFactor', value: 'mandatory' }]);
    t.deepEqual(await who({ level: 'class', domain, accountClass: staff, value: 'mandatory' }), { count: 0, addresses: [] }, 'already mandatory: nobody newly');
  } finally {
    await testDb.destroy();
  }
});

test('the preview lists at most ten addresses', async (t) => {
  const { ctx, testDb } = await openServices();
  try {
    const domain = await createDomain(ctx, TEST_ADMIN, 'many.example', 'Secret-123');
    for (let i = 0; i < 14; i++) await insertAccount(ctx.db, { domainId: domain.id, name: `user${String(i).padStart(2, '0')}`, passwordHash: 'x' }, 0);
    const preview = await previewMandatoryImpact(ctx, { level: 'domain', domain, value: 'mandatory' });
    t.is(preview.count, 15);
    t.is(preview.addresses.length, IMPACT_SAMPLE_SIZE);
    t.is(preview.addresses[0], 'postmaster@many.example');
  } finally {
    await testDb.destroy();
  }
});
