import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { MailSystemUsers } from './system-users.js';
import { renderDeployFile, TEMPLATES } from './templates.js';

/** The loopback ports of one instance. */
export interface MailServerPorts {
  imap: number;
  pop3: number;
  /** Dovecot's SMTP submission (what WebMail and mail clients send through). */
  submission: number;
  /** Dovecot's LMTP (Postfix delivers here; tests may too). */
  lmtp: number;
  /** Postfix's listener for mail from other servers. */
  smtpIn: number;
  /** Postfix's listener for mail relayed by Dovecot's submission. */
  relay: number;
}

/** Everything an instance is generated from. */
export interface MailServerPlan {
  /** The instance's own folder: configuration, Maildirs, queue, logs. */
  root: string;
  /** Address every listener binds to. */
  host: string;
  ports: MailServerPorts;
  /** Twostep's lookup endpoint for Dovecot, `http://127.0.0.1:<MAIL_AUTH_PORT>`. */
  authUrl: string;
  authToken: string;
  /** Twostep's socketmap table for Postfix, `127.0.0.1:<MAIL_MAP_PORT>`. */
  mapAddress: string;
  masterUser: string;
  masterPassword: string;
  hostname: string;
  /** Dovecot's wait before answering a wrong password, in seconds. */
  authFailureDelaySeconds: number;
  /** How long Dovecot waits for Twostep before answering a temporary failure, in ms. */
  authTimeoutMs: number;
}

/** Where the generated files of an instance are. */
export interface MailServerFiles {
  dovecotConf: string;
  postfixConfigDir: string;
  dovecotLog: string;
  postfixLog: string;
  /** Maildirs, as `<mailboxes>/<domain>/<name>/Maildir`. */
  mailboxes: string;
}

/** Largest message accepted by submission and Postfix, in bytes (25 MiB). */
export const MAX_MAIL_SIZE = 25 * 1024 * 1024;

/** A Dovecot `{SSHA512}` hash (salted SHA-512, base64): the master password is a long random secret. */
export function ssha512(password: string, salt = randomBytes(16)): string {
  const digest = createHash('sha512').update(password).update(salt).digest();
  return `{SSHA512}${Buffer.concat([digest, salt]).toString('base64')}`;
}

function mkdir(dir: string, mode: number, owner?: { uid: number; gid: number }): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, mode);
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
}

function writeFile(file: string, text: string, mode: number, owner?: { uid: number; gid: number }): void {
  fs.writeFileSync(file, text, { mode });
  fs.chmodSync(file, mode);
  if (owner) fs.chownSync(file, owner.uid, owner.gid);
}

/** Postfix's queue folders with the owners and modes of its postfix-files list. */
function makePostfixQueue(queue: string, users: MailSystemUsers): void {
  const postfix = { uid: users.postfixUser.id, gid: 0 };
  mkdir(queue, 0o755, { uid: 0, gid: 0 });
  for (const name of ['active', 'bounce', 'corrupt', 'defer', 'deferred', 'flush', 'hold', 'incoming', 'private', 'saved', 'trace']) {
    mkdir(path.join(queue, name), 0o700, postfix);
  }
  mkdir(path.join(queue, 'maildrop'), 0o730, { uid: users.postfixUser.id, gid: users.setgidGroup.id });
  mkdir(path.join(queue, 'public'), 0o710, { uid: users.postfixUser.id, gid: users.setgidGroup.id });
  mkdir(path.join(queue, 'pid'), 0o755, { uid: 0, gid: 0 });
}

/**
 * Writes the configuration of one instance from deploy/ under `plan.root` and makes its folders
 * with the owners Dovecot and Postfix need (run as root). Existing Maildirs are kept.
 */
export function writeMailServerFiles(plan: MailServerPlan, users: MailSystemUsers): MailServerFiles {
  const root = path.resolve(plan.root);
  const dir = (...parts: string[]) => path.join(root, ...parts);
  const dovecotReadable = { uid: 0, gid: users.dovecotUser.gid };
  mkdir(root, 0o755);
  for (const sub of ['etc', 'log', 'dovecot-state']) mkdir(dir(sub), 0o755);
  // base_dir is recreated at each start so no socket of an earlier run is left over.
  fs.rmSync(dir('run'), { recursive: true, force: true });
  mkdir(dir('run'), 0o755);
  mkdir(dir('mailboxes'), 0o700, { uid: users.mailUser.id, gid: users.mailGroup.id });
  makePostfixQueue(dir('postfix', 'queue'), users);
  mkdir(dir('postfix', 'data'), 0o700, { uid: users.postfixUser.id, gid: users.postfixGroup.id });
  mkdir(dir('postfix', 'etc'), 0o755);

  const files: MailServerFiles = {
    dovecotConf: dir('etc', 'dovecot.conf'),
    postfixConfigDir: dir('postfix', 'etc'),
    dovecotLog: dir('log', 'dovecot.log'),
    postfixLog: dir('log', 'postfix.log'),
    mailboxes: dir('mailboxes'),
  };
  const saslSocket = 'private/dovecot-auth';
  writeFile(dir('etc', 'master-users'), `${plan.masterUser}:${ssha512(plan.masterPassword)}\n`, 0o640, dovecotReadable);
  writeFile(
    dir('etc', 'twostep-auth.lua'),
    renderDeployFile(TEMPLATES.lua, { AUTH_URL: plan.authUrl, AUTH_TOKEN: plan.authToken, AUTH_TIMEOUT_MS: plan.authTimeoutMs }),
    0o640,
    dovecotReadable,
  );
  const dovecot = renderDeployFile(TEMPLATES.dovecot, {
    LISTEN: plan.host,
    INSTANCE_NAME: `twostep-${path.basename(root)}`,
    HOSTNAME: plan.hostname,
    RUN_DIR: dir('run'),
    STATE_DIR: dir('dovecot-state'),
    LOG_PATH: files.dovecotLog,
    INTERNAL_USER: users.dovecotUser.name,
    LOGIN_USER: users.loginUser.name,
    MAIL_UID: users.mailUser.id,
    MAIL_GID: users.mailGroup.id,
    FIRST_VALID_UID: users.mailUser.id,
    FIRST_VALID_GID: users.mailGroup.id,
    MAIL_ROOT: files.mailboxes,
    SSL: 'no',
    DISABLE_PLAINTEXT_AUTH: 'no',
    AUTH_FAILURE_DELAY: `${plan.authFailureDelaySeconds} secs`,
    MASTER_PASSWD_FILE: dir('etc', 'master-users'),
    LUA_FILE: dir('etc', 'twostep-auth.lua'),
    SASL_SOCKET: dir('postfix', 'queue', saslSocket),
    POSTFIX_USER: users.postfixUser.name,
    POSTFIX_GROUP: users.postfixGroup.name,
    IMAP_PORT: plan.ports.imap,
    IMAPS_PORT: 0,
    POP3_PORT: plan.ports.pop3,
    POP3S_PORT: 0,
    SUBMISSION_PORT: plan.ports.submission,
    LMTP_ADDRESS: plan.host,
    LMTP_PORT: plan.ports.lmtp,
    RELAY_HOST: plan.host,
    RELAY_PORT: plan.ports.relay,
    MAX_MAIL_SIZE: MAX_MAIL_SIZE,
  });
  writeFile(files.dovecotConf, dovecot, 0o644);
  const postfix = {
    QUEUE_DIR: dir('postfix', 'queue'),
    DATA_DIR: dir('postfix', 'data'),
    POSTFIX_USER: users.postfixUser.name,
    POSTFIX_SETGID_GROUP: users.setgidGroup.name,
    LOG_PATH: files.postfixLog,
    LOG_PREFIX: dir('log'),
    HOSTNAME: plan.hostname,
    INET_INTERFACES: plan.host,
    INET_PROTOCOLS: plan.host.includes(':') ? 'ipv6' : 'ipv4',
    MAP_ADDRESS: `inet:${plan.mapAddress}`,
    LMTP_ADDRESS: `inet:${plan.host}:${plan.ports.lmtp}`,
    DEFAULT_TRANSPORT: 'error:outbound mail is disabled on this development server',
    RELAYHOST: '',
    MAX_MAIL_SIZE: MAX_MAIL_SIZE,
    SMTP_IN_LISTEN: `${plan.host}:${plan.ports.smtpIn}`,
    RELAY_LISTEN: `${plan.host}:${plan.ports.relay}`,
    RELAY_CLIENTS: plan.host,
    SASL_PATH: saslSocket,
  };
  writeFile(path.join(files.postfixConfigDir, 'main.cf'), renderDeployFile(TEMPLATES.postfixMain, postfix), 0o644);
  writeFile(path.join(files.postfixConfigDir, 'master.cf'), renderDeployFile(TEMPLATES.postfixMaster, postfix), 0o644);
  return files;
}
