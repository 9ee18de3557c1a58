/** How WebMail reaches one mail service (IMAP or SMTP submission) as the Dovecot master user. */
export interface MasterEndpoint {
  host: string;
  port: number;
  /** Implicit TLS; otherwise STARTTLS when the server offers it. */
  secure: boolean;
  masterUser: string;
  masterPassword: string;
  /** Longest wait for connecting or for any answer, in ms. */
  timeoutMs: number;
}

/** The login that opens `address`'s mailbox as the master user (Dovecot's `user*master`). */
export function masterLogin(endpoint: MasterEndpoint, address: string): { user: string; pass: string } {
  return { user: `${address}*${endpoint.masterUser}`, pass: endpoint.masterPassword };
}
