import anyTest, { type TestFn } from 'ava';
import { createAccount } from '../../src/services/accounts.js';
import { createDomain } from '../../src/services/domains.js';
import { ImapMailStore } from '../../src/services/mail-store/imap-store.js';
import { mailUserOf } from '../../src/services/mailbox.js';
import { mailStoreContract, seedSource } from '../helpers/mail-store-contract.js';
import { mailServerAvailable, startTestMailServer } from '../helpers/mail-server.js';
import { openServices, TEST_ADMIN } from '../helpers/services.js';

const test = anyTest as TestFn<unknown>;

if (mailServerAvailable(test)) {
  mailStoreContract(test, 'IMAP store on Dovecot', async () => {
    const mail = await startTestMailServer();
    const { ctx, testDb } = await openServices(mail.config);
    await mail.serve(ctx);
    const domain = await createDomain(ctx, TEST_ADMIN, 'example.com', 'postmaster-password-1');
    const alice = mailUserOf(await createAccount(ctx, TEST_ADMIN, domain, { name: 'alice', password: 'alice-password-1' }));
    const bob = mailUserOf(await createAccount(ctx, TEST_ADMIN, domain, { name: 'bob', password: 'bob-password-1' }));
    const store = ctx.mail as ImapMailStore;
    return {
      store,
      alice,
      bob,
      async seed(user, folder, messages) {
        for (const message of messages) await store.append(user, folder, await seedSource(message, user.address), [], new Date(message.date));
      },
      async close() {
        await store.close();
        await mail.close();
        await testDb.destroy();
      },
    };
  });
}
