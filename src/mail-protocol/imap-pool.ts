import { ImapFlow } from 'imapflow';
import { MailUnavailableError } from '../services/mail-store/errors.js';
import { masterLogin, type MasterEndpoint } from './endpoint.js';

/** How many mailboxes an instance keeps open at once, and how long an unused one stays open (ms). */
export interface PoolLimits {
  maxClients: number;
  idleMs: number;
}

/** Defaults: a connection per active user, closed after a minute without use. */
export const DEFAULT_POOL_LIMITS: PoolLimits = { maxClients: 200, idleMs: 60_000 };

/** Idle times are measured on the monotonic clock: they are about connections, not about the product's time. */
interface Entry {
  client: ImapFlow | null;
  /** The tail of this mailbox's queue: one command sequence at a time per connection. */
  queue: Promise<unknown>;
  lastUsed: number;
  busy: number;
}

/** True for a refusal by the server (a NO or BAD answer) on a connection that is still fine. */
export function isServerRefusal(err: unknown): boolean {
  const status = (err as { responseStatus?: string } | null)?.responseStatus;
  return status === 'NO' || status === 'BAD';
}

/**
 * IMAP connections to the mail server, one per mailbox, signed in as the master user for that
 * address and reused by the next request. Each mailbox runs one sequence of commands at a time; a
 * connection that breaks or does not answer within the endpoint's timeout is closed and dropped,
 * and the next request opens a new one (the server recovers by itself).
 */
export class ImapPool {
  private readonly entries = new Map<string, Entry>();
  private sweeper: NodeJS.Timeout | null = null;

  /** `endpoint` is where and as whom to sign in; `limits` bound the open connections. */
  constructor(
    private readonly endpoint: MasterEndpoint,
    private readonly limits: PoolLimits = DEFAULT_POOL_LIMITS,
  ) {}

  /**
   * Runs `work` on `address`'s mailbox connection, after the commands queued before it. An error on a
   * connection that is still usable (a refusal by the server) reaches the caller as it is; anything
   * else (no connection, a failed master login, a timeout, a dropped socket) drops the connection and
   * throws MailUnavailableError.
   */
  run<T>(address: string, work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const key = address.toLowerCase();
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { client: null, queue: Promise.resolve(), lastUsed: performance.now(), busy: 0 };
      this.entries.set(key, entry);
      this.evictBeyondLimit();
    }
    const current = entry;
    current.busy++;
    const result = current.queue.then(() => this.runOn(key, current, work));
    current.queue = result.catch(() => undefined);
    return result.finally(() => {
      current.busy--;
      current.lastUsed = performance.now();
    });
  }

  /** Closes every connection (at shutdown or the end of a test). */
  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    const clients = [...this.entries.values()].map((entry) => entry.client).filter((client): client is ImapFlow => client !== null);
    this.entries.clear();
    await Promise.all(clients.map((client) => client.logout().catch(() => client.close())));
  }

  private async runOn<T>(key: string, entry: Entry, work: (client: ImapFlow) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new MailUnavailableError(`The mail server did not answer within ${this.endpoint.timeoutMs} ms`)), this.endpoint.timeoutMs);
    });
    try {
      return await Promise.race([this.connected(key, entry).then(work), deadline]);
    } catch (err) {
      // A refusal, or the caller's own error, on a connection that is still fine reaches the caller as it is.
      if (!(err instanceof MailUnavailableError) && entry.client?.usable) throw err;
      this.drop(key, entry);
      if (err instanceof MailUnavailableError) throw err;
      throw new MailUnavailableError(`IMAP failed: ${(err as Error)?.message ?? err}`, { cause: err });
    } finally {
      clearTimeout(timer);
    }
  }

  private async connected(key: string, entry: Entry): Promise<ImapFlow> {
    if (entry.client?.usable) return entry.client;
    const client = new ImapFlow({
      host: this.endpoint.host,
      port: this.endpoint.port,
      secure: this.endpoint.secure,
      auth: masterLogin(this.endpoint, key),
      logger: false,
      disableAutoIdle: true,
      connectionTimeout: this.endpoint.timeoutMs,
      greetingTimeout: this.endpoint.timeoutMs,
      socketTimeout: Math.max(this.endpoint.timeoutMs, 30_000),
      clientInfo: { name: 'Twostep WebMail' },
    });
    // A dropped connection reports here; the next request opens a new one.
    client.on('error', () => this.drop(key, entry));
    client.on('close', () => {
      if (entry.client === client) entry.client = null;
    });
    entry.client = client;
    await client.connect();
    this.startSweeper();
    return client;
  }

  private drop(key: string, entry: Entry): void {
    const client = entry.client;
    entry.client = null;
    if (this.entries.get(key) === entry && entry.busy <= 1) this.entries.delete(key);
    client?.close();
  }

  /** Closes the least recently used idle connections beyond maxClients. */
  private evictBeyondLimit(): void {
    if (this.entries.size <= this.limits.maxClients) return;
    const idle = [...this.entries].filter(([, entry]) => entry.busy === 0).sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    for (const [key, entry] of idle.slice(0, this.entries.size - this.limits.maxClients)) {
      this.entries.delete(key);
      entry.client?.logout().catch(() => entry.client?.close());
    }
  }

  private startSweeper(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => {
      const now = performance.now();
      for (const [key, entry] of this.entries) {
        if (entry.busy === 0 && now - entry.lastUsed > this.limits.idleMs) {
          this.entries.delete(key);
          const client = entry.client;
          client?.logout().catch(() => client.close());
        }
      }
    }, Math.max(1000, Math.floor(this.limits.idleMs / 2)));
    this.sweeper.unref();
  }
}
