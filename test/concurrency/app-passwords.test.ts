import anyTest, { type TestFn } from 'ava';
import { listMessages } from '../../src/repos/messages.js';
import { createAccount, requireAccount } from '../../src/services/accounts.js';
import { createAppPassword } from '../../src/services/app-passwords.js';
import { createDomain, requireDomain } from '../../src/services/domains.js';
import { startAppCluster, type AppCluster } from '../helpers/app-cluster.js';
import { TEST_ADMIN } from '../helpers/services.js';
import { passwordAllowance } from '../helpers/throttle-allowance.js';

// The counting rules of app passwords, proven with simultaneous requests spread over two app
// instances (each its own process and database connection) on the suite's database.

const test = anyTest as TestFn<{ cluster: AppCluster }>;

const KEY = 'JBSWY3DPEHPK3PXP';
const TOKEN = 'concurrency-token-0123456789abcdefghijklmnop';

test.before(async (t) => {
  const cluster = await startAppCluster(2, { mailAuthToken: TOKEN });
  await createDomain(cluster.ctx, TEST_ADMIN, 'example.com', 'postmaster-password-1');
  t.context = { cluster };
});

test.after.always(async (t) => {
  await t.context.cluster?.close();
});

/** An account with 2-Step Verification on and one app password; answers the password. */
async function accountWithAppPassword(cluster: AppCluster, name: string): Promise<{ address: string; id: number; password: string }> {
  const domain = await requireDomain(cluster.ctx, 'example.com');
  await createAccount(cluster.ctx, TEST_ADMIN, domain, { name, password: `${name}-password-1` }, [{ op: 'setTwoFactor', value: 'enabled' }, { op: 'provisionKey', key: KEY }]);
  const account = await requireAccount(cluster.ctx, domain, name);
  const { password } = await createAppPassword(cluster.ctx, { kind: 'user', name: account.address }, account, 'Phone');
  return { address: account.address, id: account.id, password };
}

/** Dovecot's passdb lookups, all at once, alternating between the instances; answers each `result=` and how long the burst took. */
async function lookups(cluster: AppCluster, bodies: Record<string, string>[]): Promise<{ results: string[]; elapsedMs: number }> {
  const started = Date.now();
  const results = await Promise.all(
    bodies.map(async (body, i) => {
      const response = await fetch(`${cluster.mailAuthUrls[i % cluster.mailAuthUrls.length]}/dovecot/passdb`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ service: 'imap', master: '0', ...body }),
      });
      return /result=(\w+)/.exec(await response.text())?.[1] ?? `status ${response.status}`;
    }),
  );
  return { results, elapsedMs: Date.now() - started };
}

test.serial('40 simultaneous app-password guesses for one account over two instances, the right one last: at most the allowance is checked', async (t) => {
  const { cluster } = t.context;
  t.is(cluster.mailAuthUrls.length, 2);
  const { address, password } = await accountWithAppPassword(cluster, 'alice');
  const guesses = Array.from({ length: 40 }, (_, i) => ({ user: address, password: i === 39 ? password : `abcdefghijklmn${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`, remote_ip: `198.51.100.${i + 1}` }));
  const { results, elapsedMs } = await lookups(cluster, guesses);
  const checked = results.filter((result) => result === 'mismatch' || result === 'ok').length;
  t.true(checked <= passwordAllowance(elapsedMs), `${checked} guesses were checked in ${elapsedMs} ms`);
  t.is(results.filter((result) => result === 'tempfail').length, 40 - checked, `the rest must try again later: ${[...new Set(results)]}`);
});

test.serial('20 simultaneous first sign-ins with one app password from one new address over two instances: each gets in or retries, one notice, one audit record', async (t) => {
  const { cluster } = t.context;
  const { address, id, password } = await accountWithAppPassword(cluster, 'bob');
  const body = { user: address, password, remote_ip: '203.0.113.50' };
  const { results } = await lookups(cluster, Array.from({ length: 20 }, () => body));
  // Attempts still being counted can hold back a few (temporary failure, retried by the client).
  t.true(results.every((result) => result === 'ok' || result === 'tempfail'), `${[...new Set(results)]}`);
  t.true(results.filter((result) => result === 'ok').length >= 5);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  t.deepEqual((await lookups(cluster, [body])).results, ['ok'], 'a retry a moment later gets in');
  const noticed = (await listMessages(cluster.db, id)).filter((message) => message.subject === 'An app password was used from a new address');
  t.is(noticed.length, 1);
  const audited = await cluster.db('audit_events').where({ event: 'app_password.new_address', subject: address });
  t.is(audited.length, 1);
});
