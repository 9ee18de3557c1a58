import fs from 'node:fs';

/** A system user or group: its name, numeric id and (users) primary group id. */
export interface SystemId {
  name: string;
  id: number;
  gid: number;
}

/** The users a mail server instance run by root needs: Dovecot's own, Postfix's and the mail owner. */
export interface MailSystemUsers {
  /** Dovecot's internal processes (Debian: dovecot). */
  dovecotUser: SystemId;
  /** Dovecot's login processes (Debian: dovenull). */
  loginUser: SystemId;
  /** Owner of every Maildir (Debian's `mail` user). */
  mailUser: SystemId;
  mailGroup: SystemId;
  /** Postfix's mail_owner and its group (Debian: postfix). */
  postfixUser: SystemId;
  postfixGroup: SystemId;
  /** Postfix's setgid_group (Debian: postdrop). */
  setgidGroup: SystemId;
}

function readIds(file: string): Map<string, { id: number; gid: number }> {
  const ids = new Map<string, { id: number; gid: number }>();
  if (!fs.existsSync(file)) return ids;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const [name, , id, gid] = line.split(':');
    if (name && /^\d+$/.test(id ?? '')) ids.set(name, { id: Number(id), gid: Number(gid) });
  }
  return ids;
}

/**
 * Looks up the Debian users and groups of Dovecot, Postfix and mail in /etc/passwd and /etc/group;
 * answers the names of those missing instead when one is not there.
 */
export function findMailSystemUsers(): MailSystemUsers | { missing: string[] } {
  const users = readIds('/etc/passwd');
  const groups = readIds('/etc/group');
  const missing: string[] = [];
  const user = (name: string): SystemId => {
    const found = users.get(name);
    if (!found) missing.push(`user ${name}`);
    return { name, id: found?.id ?? -1, gid: found?.gid ?? -1 };
  };
  const group = (name: string): SystemId => {
    const found = groups.get(name);
    if (!found) missing.push(`group ${name}`);
    return { name, id: found?.id ?? -1, gid: found?.id ?? -1 };
  };
  const result: MailSystemUsers = {
    dovecotUser: user('dovecot'),
    loginUser: user('dovenull'),
    mailUser: user('mail'),
    mailGroup: group('mail'),
    postfixUser: user('postfix'),
    postfixGroup: group('postfix'),
    setgidGroup: group('postdrop'),
  };
  return missing.length ? { missing } : result;
}
