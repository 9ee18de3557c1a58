import anyTest, { type TestFn } from 'ava';
import { listMessages } from '../../src/repos/messages.js';
import { pendingOutbox } from '../../src/repos/mail-outbox.js';
import { accountTarget, applyAccountChanges, createAccount, requireAccount } from '../../src/services/accounts.js';
import { ServiceError } from '../../src/services/errors.js';
import { KEY } from '../web/webmail/helpers.js';
import type { ServiceContext } from '../../src/services/context.js';
import { createDomain, requireDomain } from '../../src/services/domains.js';
import { drainOutbox, retryDelayMs } from '../../src/services/mail-outbox.js';
import { mailUserOf } from '../../src/services/mailbox.js';
import { deliverNotice } from '../../src/services/notices.js';
import { regenerateRecoveryCodes } from '../../src/services/recovery.js';
import type { TestClock } from '../../src/clock.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { mailClient } from '../helpers/mail-client.js';
import { mailServerAvailable, startTestMailServer, type TestMailServer } from '../helpers/mail-server.js';
import { openServices, TEST_ADMIN } from '../helpers/services.js';
import type { TestDb } from '../helpers/db.js';

const test = anyTest as TestFn<{ mail: TestMailServer; imap: FaultProxy; ctx: ServiceContext; clock: TestClock; testDb: TestDb }>;

const inboxOf = async (ctx: ServiceContext, address: string) => {
  const domain = await requireDomain(ctx, address.split('@')[1]);
  const account = await requireAccount(ctx, domain, address.split('@')[0]);
  return (await ctx.mail.list(mailUserOf(account), { folder: 'INBOX', page: 1, query: '' })).messages;
};

if (mailServerAvailable(test)) {
  test.before(async (t) => {
    const mail = await startTestMailServer();
    const imap = await startFaultProxy(mail.host, mail.ports.imap);
    const { ctx, clock, testDb } = await openServices({ ...mail.config, mailImap: { url: '', host: mail.host, port: imap.port, secure: false }, mailTimeoutMs: 5000 });
    await mail.serve(ctx);
    t.context = { mail, imap, ctx, clock, testDb };
  });

  test.after.always(async (t) => {
    await t.context.ctx?.mail.close();
    await t.context.imap?.close();
    await t.context.mail?.close();
    await t.context.testDb?.destroy();
  });

  test.serial('with a mail server, the welcome message waits in the outbox, not the built-in table, and arrives in the INBOX', async (t) => {
    const { ctx } = t.context;
    const domain = await createDomain(ctx, TEST_ADMIN, 'example.com', 'postmaster-password-1');
    const alice = await createAccount(ctx, TEST_ADMIN, domain, { name: 'alice', password: 'alice-password-1' });
    t.deepEqual(await listMessages(ctx.db, alice.id), []);
    t.deepEqual((await pendingOutbox(ctx.db)).map((entry) => entry.subject), ['Welcome to Twostep', 'Welcome to Twostep']);
    t.deepEqual(await drainOutbox(ctx), { delivered: 2, failed: 0 });
    t.deepEqual(await pendingOutbox(ctx.db), []);
    const [welcome] = await inboxOf(ctx, 'alice@example.com');
    t.like(welcome, { subject: 'Welcome to Twostep', fromAddress: 'postmaster@example.com', notice: false, seen: false });
    const seenElsewhere = await mailClient('imap_messages', { port: t.context.mail.ports.imap, user: 'alice@example.com', password: 'alice-password-1' });
    t.true(seenElsewhere.ok && seenElsewhere.messages!.some((m) => m.subject === 'Welcome to Twostep'), 'any mail client sees it');
  });

  test.serial('a notice is written with its change and delivered marked as a notice; a rolled-back change sends nothing', async (t) => {
    const { ctx } = t.context;
    const domain = await requireDomain(ctx, 'example.com');
    // The second key is refused after the first one's notice was written: the whole change rolls back.
    const refused = applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'setTwoFactor', value: 'enabled' }, { op: 'provisionKey', key: KEY }, { op: 'provisionKey', key: 'not a key' }]);
    await t.throwsAsync(refused, { instanceOf: ServiceError });
    t.deepEqual(await pendingOutbox(ctx.db), [], 'the rolled-back change left no notice');
    const alice = await requireAccount(ctx, domain, 'alice');
    await t.throwsAsync(
      ctx.db.transaction(async (trx) => {
        await deliverNotice(trx, 'outbox', { id: alice.id, domainId: alice.domainId }, 'turned_off', ctx.clock.now());
        throw new Error('the change failed after its notice was written');
      }),
      { message: /the change failed/ },
    );
    t.deepEqual(await pendingOutbox(ctx.db), []);
    await applyAccountChanges(ctx, TEST_ADMIN, domain, 'alice', [{ op: 'setTwoFactor', value: 'enabled' }, { op: 'provisionKey', key: KEY }]);
    t.deepEqual((await pendingOutbox(ctx.db)).map((entry) => entry.subject), ['A 2-Step Verification key was set']);
    t.like(await drainOutbox(ctx), { delivered: 1 });
    const [notice] = await inboxOf(ctx, 'alice@example.com');
    t.like(notice, { subject: 'A 2-Step Verification key was set', fromAddress: 'security@twostep.local', notice: true });
  });

  test.serial('while the mail server is away the notice stays in the outbox and is retried later, then delivered once', async (t) => {
    const { ctx, clock, imap } = t.context;
    const alice = await requireAccount(ctx, await requireDomain(ctx, 'example.com'), 'alice');
    await regenerateRecoveryCodes(ctx, TEST_ADMIN, accountTarget(alice));
    imap.mode = 'down';
    imap.cut();
    try {
      t.deepEqual(await drainOutbox(ctx), { delivered: 0, failed: 1 });
      const [waiting] = await pendingOutbox(ctx.db);
      t.like(waiting, { attempts: 1, nextAttemptAt: clock.now() + retryDelayMs(1) });
      t.truthy(waiting.lastError);
      t.deepEqual(await drainOutbox(ctx), { delivered: 0, failed: 0 }, 'not tried again before its time');
      clock.advance(retryDelayMs(1));
      t.deepEqual(await drainOutbox(ctx), { delivered: 0, failed: 1 });
      t.like((await pendingOutbox(ctx.db))[0], { attempts: 2, nextAttemptAt: clock.now() + retryDelayMs(2) });
    } finally {
      imap.mode = 'pass';
    }
    clock.advance(retryDelayMs(2));
    const [first, second] = await Promise.all([drainOutbox(ctx), drainOutbox(ctx)]);
    t.is(first.delivered + second.delivered, 1, 'two workers at once deliver it once');
    t.deepEqual(await pendingOutbox(ctx.db), []);
    const notices = (await inboxOf(ctx, 'alice@example.com')).filter((m) => m.subject === 'New recovery codes');
    t.is(notices.length, 1);
  });

  test('retry delays grow and are capped', (t) => {
    t.deepEqual([1, 2, 3, 4, 10, 20].map(retryDelayMs), [5000, 10_000, 20_000, 40_000, 600_000, 600_000]);
  });
}
