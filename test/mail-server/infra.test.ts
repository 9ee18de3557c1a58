import fs from 'node:fs';
import anyTest, { type TestFn } from 'ava';
import { createAccount, removeAccount } from '../../src/services/accounts.js';
import { createDomain, requireDomain } from '../../src/services/domains.js';
import type { ServiceContext } from '../../src/services/context.js';
import { imapLogin, mailClient } from '../helpers/mail-client.js';
import { mailServerAvailable, startTestMailServer, type TestMailServer } from '../helpers/mail-server.js';
import { openServices, TEST_ADMIN } from '../helpers/services.js';
import type { TestDb } from '../helpers/db.js';

const test = anyTest as TestFn<{ mail: TestMailServer; ctx: ServiceContext; testDb: TestDb }>;

if (mailServerAvailable(test)) {
  test.before(async (t) => {
    const { ctx, testDb } = await openServices();
    const domain = await createDomain(ctx, TEST_ADMIN, 'example.com', 'postmaster-password-1');
    await createAccount(ctx, TEST_ADMIN, domain, { name: 'alice', password: 'alice-password-1' });
    const mail = await startTestMailServer({ services: ctx });
    t.log(`Dovecot and Postfix started in ${mail.startedInMs} ms`);
    t.context = { mail, ctx, testDb };
  });

  test.after.always(async (t) => {
    await t.context.mail?.close();
    await t.context.testDb?.destroy();
  });

  const domainOf = (ctx: ServiceContext) => requireDomain(ctx, 'example.com');

  test('an account created through the services signs in over IMAP and POP3 with its password at once', async (t) => {
    const { mail, ctx } = t.context;
    await createAccount(ctx, TEST_ADMIN, await domainOf(ctx), { name: 'carol', password: 'carol-password-1' });
    t.like(await imapLogin(mail.ports.imap, 'carol@example.com', 'carol-password-1'), { ok: true });
    t.like(await imapLogin(mail.ports.imap, 'Carol@Example.com', 'carol-password-1'), { ok: true });
    t.like(await mailClient('pop3_login', { port: mail.ports.pop3, user: 'carol@example.com', password: 'carol-password-1' }), { ok: true });
    const wrong = await imapLogin(mail.ports.imap, 'carol@example.com', 'not-her-password');
    t.like(wrong, { ok: false });
    t.regex(wrong.ok ? '' : wrong.error, /AUTHENTICATIONFAILED/);
    t.like(await imapLogin(mail.ports.imap, 'nobody@example.com', 'carol-password-1'), { ok: false });
  });

  test('mail from another server goes through Postfix and LMTP into the INBOX, in a Maildir owned by the mail user', async (t) => {
    const { mail } = t.context;
    const sent = await mailClient('smtp_deliver', { port: mail.ports.smtpIn, from: 'sender@outside.test', to: ['alice@example.com'], subject: 'Through Postfix' });
    t.like(sent, { ok: true });
    const inbox = await mailClient('imap_wait', { port: mail.ports.imap, user: 'alice@example.com', password: 'alice-password-1', subject: 'Through Postfix' });
    t.true(inbox.ok && inbox.messages!.some((m) => m.subject === 'Through Postfix'), JSON.stringify(inbox));
    const owner = fs.statSync(mail.maildir('alice@example.com')).uid;
    t.is(owner, fs.statSync(mail.files.mailboxes).uid);
    t.not(owner, 0);
  });

  test('Postfix refuses unknown recipients and other domains during the SMTP dialogue', async (t) => {
    const { mail } = t.context;
    const unknown = await mailClient('smtp_deliver', { port: mail.ports.smtpIn, from: 'sender@outside.test', to: ['nobody@example.com'], subject: 'x' });
    t.like(unknown, { ok: false, code: 550 });
    const relay = await mailClient('smtp_deliver', { port: mail.ports.smtpIn, from: 'sender@outside.test', to: ['someone@elsewhere.test'], subject: 'x' });
    t.like(relay, { ok: false });
    t.true(!relay.ok && relay.code !== null && relay.code >= 500);
  });

  test('a removed account can neither sign in nor receive mail', async (t) => {
    const { mail, ctx } = t.context;
    const domain = await domainOf(ctx);
    await createAccount(ctx, TEST_ADMIN, domain, { name: 'dave', password: 'dave-password-1' });
    await removeAccount(ctx, TEST_ADMIN, domain, 'dave');
    t.like(await imapLogin(mail.ports.imap, 'dave@example.com', 'dave-password-1'), { ok: false });
    const delivery = await mailClient('lmtp_deliver', { port: mail.ports.lmtp, from: 'sender@outside.test', to: ['dave@example.com'], subject: 'x' });
    t.like(delivery, { ok: false, code: 550 });
    const viaPostfix = await mailClient('smtp_deliver', { port: mail.ports.smtpIn, from: 'sender@outside.test', to: ['dave@example.com'], subject: 'x' });
    t.like(viaPostfix, { ok: false, code: 550 });
  });

  test('the master user opens the mailbox and sends as the account, never as anyone else', async (t) => {
    const { mail } = t.context;
    const delivered = await mailClient('lmtp_deliver', { port: mail.ports.lmtp, from: 'sender@outside.test', to: ['alice@example.com'], subject: 'For the master user' });
    t.like(delivered, { ok: true });
    const asMaster = { port: mail.ports.imap, user: `alice@example.com*${mail.masterUser}`, password: mail.masterPassword };
    const inbox = await mailClient('imap_messages', asMaster);
    t.true(inbox.ok && inbox.messages!.some((m) => m.subject === 'For the master user'), JSON.stringify(inbox));
    t.like(await imapLogin(mail.ports.imap, `alice@example.com*${mail.masterUser}`, 'not-the-master-password'), { ok: false });
    const submit = { port: mail.ports.submission, user: asMaster.user, password: mail.masterPassword };
    t.like(await mailClient('smtp_submit', { ...submit, from: 'alice@example.com', to: ['postmaster@example.com'], subject: 'Sent by WebMail' }), { ok: true });
    const forged = await mailClient('smtp_submit', { ...submit, from: 'postmaster@example.com', to: ['alice@example.com'], subject: 'Forged' });
    t.like(forged, { ok: false, code: 553 });
    const pm = await mailClient('imap_wait', { port: mail.ports.imap, user: 'postmaster@example.com', password: 'postmaster-password-1', subject: 'Sent by WebMail' });
    t.true(pm.ok && pm.messages!.some((m) => m.subject === 'Sent by WebMail'), JSON.stringify(pm));
  });

  test('a signed-in mail client sends through submission only with its own envelope sender', async (t) => {
    const { mail } = t.context;
    const submit = { port: mail.ports.submission, user: 'alice@example.com', password: 'alice-password-1' };
    t.like(await mailClient('smtp_submit', { ...submit, from: 'alice@example.com', to: ['postmaster@example.com'], subject: 'From a mail client' }), { ok: true });
    const forged = await mailClient('smtp_submit', { ...submit, from: 'postmaster@example.com', to: ['postmaster@example.com'], subject: 'Forged' });
    t.like(forged, { ok: false, code: 553 });
    const outside = await mailClient('smtp_submit', { ...submit, from: 'alice@example.com', to: ['someone@elsewhere.test'], subject: 'Out' });
    t.like(outside, { ok: false });
    t.regex(outside.ok ? '' : outside.error, /outbound mail is disabled/);
  });

  test.serial('Twostep down: Dovecot answers a temporary failure and Postfix a 4xx, never acceptance; it recovers by itself', async (t) => {
    const { mail, ctx } = t.context;
    await createAccount(ctx, TEST_ADMIN, await domainOf(ctx), { name: 'erin', password: 'erin-password-1' });
    await mail.stopServing();
    try {
      const login = await imapLogin(mail.ports.imap, 'erin@example.com', 'erin-password-1');
      t.like(login, { ok: false });
      t.regex(login.ok ? '' : login.error, /UNAVAILABLE|Temporary/i);
      const delivery = await mailClient('smtp_deliver', { port: mail.ports.smtpIn, from: 'sender@outside.test', to: ['erin@example.com'], subject: 'x' });
      t.like(delivery, { ok: false });
      t.true(!delivery.ok && delivery.code !== null && delivery.code >= 400 && delivery.code < 500, JSON.stringify(delivery));
      const lmtp = await mailClient('lmtp_deliver', { port: mail.ports.lmtp, from: 'sender@outside.test', to: ['erin@example.com'], subject: 'x' });
      t.true(!lmtp.ok && lmtp.code !== null && lmtp.code >= 400 && lmtp.code < 500, JSON.stringify(lmtp));
    } finally {
      await mail.serve(ctx);
    }
    t.like(await imapLogin(mail.ports.imap, 'erin@example.com', 'erin-password-1'), { ok: true });
  });
}
