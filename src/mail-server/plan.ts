import type { MailServerPlan, MailServerPorts } from './instance.js';
import { freePort } from './processes.js';

/** Host name the development and test instances greet with. */
export const DEV_HOSTNAME = 'mail.localhost';

/** Free loopback ports for every listener, keeping each `preferred` one that is still free. */
export async function choosePorts(host: string, preferred: Partial<MailServerPorts> = {}): Promise<MailServerPorts> {
  const taken = new Set<number>();
  const pick = async (wanted?: number) => {
    let port = await freePort(host, wanted);
    while (taken.has(port)) port = await freePort(host);
    taken.add(port);
    return port;
  };
  return {
    imap: await pick(preferred.imap),
    pop3: await pick(preferred.pop3),
    submission: await pick(preferred.submission),
    lmtp: await pick(preferred.lmtp),
    smtpIn: await pick(preferred.smtpIn),
    relay: await pick(preferred.relay),
  };
}

/** The development/test plan for an instance under `root` that asks Twostep at the given ports. */
export function devPlan(fields: {
  root: string;
  host: string;
  ports: MailServerPorts;
  authPort: number;
  mapPort: number;
  token: string;
  masterUser: string;
  masterPassword: string;
  authFailureDelaySeconds?: number;
  authTimeoutMs?: number;
}): MailServerPlan {
  return {
    root: fields.root,
    host: fields.host,
    ports: fields.ports,
    authUrl: `http://${fields.host}:${fields.authPort}`,
    authToken: fields.token,
    mapAddress: `${fields.host}:${fields.mapPort}`,
    masterUser: fields.masterUser,
    masterPassword: fields.masterPassword,
    hostname: DEV_HOSTNAME,
    authFailureDelaySeconds: fields.authFailureDelaySeconds ?? 2,
    authTimeoutMs: fields.authTimeoutMs ?? 5000,
  };
}

/** The `KEY=value` lines Twostep (`npm start`) and a developer need to use an instance. */
export function environmentLines(plan: MailServerPlan, authPort: number, mapPort: number): string[] {
  const at = (scheme: string, port: number) => `${scheme}://${plan.host}:${port}`;
  return [
    `MAIL_IMAP_URL=${at('imap', plan.ports.imap)}`,
    `MAIL_SMTP_URL=${at('smtp', plan.ports.submission)}`,
    `MAIL_MASTER_USER=${plan.masterUser}`,
    `MAIL_MASTER_PASSWORD=${plan.masterPassword}`,
    `MAIL_AUTH_HOST=${plan.host}`,
    `MAIL_AUTH_PORT=${authPort}`,
    `MAIL_MAP_PORT=${mapPort}`,
    `MAIL_AUTH_TOKEN=${plan.authToken}`,
    `MAIL_POP3_URL=${at('pop3', plan.ports.pop3)}`,
    `MAIL_LMTP_URL=${at('lmtp', plan.ports.lmtp)}`,
    `MAIL_SMTP_IN_URL=${at('smtp', plan.ports.smtpIn)}`,
  ];
}
