import test from 'ava';
import { deliverMessage } from '../../src/repos/messages.js';
import { createAccount } from '../../src/services/accounts.js';
import { createDomain } from '../../src/services/domains.js';
import { composeMime } from '../../src/mail-protocol/mime.js';
import { LOCAL_ONLY } from '../../src/services/mail-store/builtin-store.js';
import { MailRefusedError } from '../../src/services/mail-store/errors.js';
import { mailUserOf } from '../../src/services/mailbox.js';
import { mailStoreContract } from '../helpers/mail-store-contract.js';
import { openServices, TEST_ADMIN } from '../helpers/services.js';

async function builtin() {
  const { ctx, testDb } = await openServices();
  const domain = await createDomain(ctx, TEST_ADMIN, 'example.com', 'postmaster-password-1');
  const alice = mailUserOf(await createAccount(ctx, TEST_ADMIN, domain, { name: 'alice', password: 'alice-password-1' }));
  const bob = mailUserOf(await createAccount(ctx, TEST_ADMIN, domain, { name: 'bob', password: 'bob-password-1' }));
  // The welcome messages are not part of the contract's counts.
  await ctx.db('messages').delete();
  return {
    ctx,
    store: ctx.mail,
    alice,
    bob,
    async seed(user: { accountId: number }, folder: string, messages: { from: string; subject: string; text: string; date: number }[]) {
      for (const message of messages) {
        await deliverMessage(ctx.db, { accountId: user.accountId, folder, sender: message.from, subject: message.subject, body: message.text, kind: 'mail' }, message.date);
      }
    },
    close: () => testDb.destroy(),
  };
}

mailStoreContract(test, 'built-in store', builtin);

test('the built-in store delivers only to accounts of this server, in one transaction with the copy in Sent', async (t) => {
  const { ctx, store, alice, bob, close } = await builtin();
  try {
    const compose = (to: string[]) => composeMime({ from: alice.address, to, cc: [], bcc: [], subject: 'Local', text: 'Hello Bob', date: new Date(ctx.clock.now()), attachments: [{ filename: 'a.txt', content: Buffer.from('abc') }] });
    const outcome = await store.send(alice, { from: alice.address, recipients: ['BOB@example.com', 'nobody@example.com', 'x@elsewhere.test'], source: await compose(['bob@example.com']) }, 'Sent');
    t.deepEqual(outcome, { refused: [{ recipient: 'nobody@example.com', reason: LOCAL_ONLY }, { recipient: 'x@elsewhere.test', reason: LOCAL_ONLY }], copySaved: true });
    const [received] = (await store.list(bob, { folder: 'INBOX', page: 1, query: '' })).messages;
    t.like(received, { subject: 'Local', fromAddress: alice.address, hasAttachments: true, seen: false });
    const [sent] = (await store.list(alice, { folder: 'Sent', page: 1, query: '' })).messages;
    t.like(sent, { subject: 'Local', seen: true });
    const error = await t.throwsAsync(store.send(alice, { from: alice.address, recipients: ['nobody@example.com'], source: await compose(['nobody@example.com']) }, 'Sent'), { instanceOf: MailRefusedError });
    t.regex(error!.reason, /nobody@example\.com: No such mailbox here/);
    t.is((await store.list(alice, { folder: 'Sent', page: 1, query: '' })).total, 1, 'a refused message leaves no copy');
  } finally {
    await close();
  }
});
