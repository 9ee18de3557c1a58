import type { Logger } from '../logger.js';
import { composeMime } from '../mail-protocol/mime.js';
import { claimDueOutbox, removeOutboxEntry, retryOutboxEntry, type OutboxEntry } from '../repos/mail-outbox.js';
import type { ServiceContext } from './context.js';
import { NOTICE_FLAG } from './mail-store/types.js';

/** How long a worker holds the entries it took before another may try them, in ms. */
export const OUTBOX_LEASE_MS = 60_000;

/** How often the worker looks for due entries, in ms. */
export const OUTBOX_INTERVAL_MS = 2000;

/** The wait before attempt number `attempts + 1`: 5 s doubling each time, at most 10 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(5000 * 2 ** Math.max(0, attempts - 1), 10 * 60_000);
}

/** The MIME source of an entry; its Message-ID is stable, so a retried delivery is recognisably the same message. */
function sourceOf(entry: OutboxEntry): Promise<Buffer> {
  return composeMime({
    from: entry.sender,
    to: [entry.address],
    cc: [],
    bcc: [],
    subject: entry.subject,
    text: entry.body,
    date: new Date(entry.createdAt),
    messageId: `<outbox-${entry.id}-${entry.createdAt}@twostep.local>`,
    attachments: [],
  });
}

/**
 * Delivers the due outbox entries into their accounts' INBOX on the mail server (notices marked as
 * such), removing each once it is there; an entry that fails waits longer each time and is tried
 * again, so nothing is lost while the server is away. Does nothing with the built-in store.
 */
export async function drainOutbox(ctx: ServiceContext, limit = 50): Promise<{ delivered: number; failed: number }> {
  if (ctx.mail.kind !== 'imap') return { delivered: 0, failed: 0 };
  const now = ctx.clock.now();
  const entries = await claimDueOutbox(ctx.db, now, OUTBOX_LEASE_MS, limit);
  let delivered = 0;
  for (const entry of entries) {
    try {
      const flags = entry.kind === 'notice' ? [NOTICE_FLAG] : [];
      await ctx.mail.append({ accountId: entry.accountId, address: entry.address }, 'INBOX', await sourceOf(entry), flags, new Date(entry.createdAt));
      await removeOutboxEntry(ctx.db, entry.id);
      delivered++;
    } catch (err) {
      await retryOutboxEntry(ctx.db, entry.id, now + retryDelayMs(entry.attempts + 1), (err as Error)?.message ?? String(err));
    }
  }
  return { delivered, failed: entries.length - delivered };
}

/** Runs drainOutbox every `intervalMs` until stopped; failures are logged and retried at the next round. */
export function startOutboxWorker(ctx: ServiceContext, logger: Logger, intervalMs = OUTBOX_INTERVAL_MS): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() =>
      drainOutbox(ctx).then(
        (result) => result.failed && logger.warn(`Mail outbox: ${result.failed} message(s) could not be delivered yet; retrying later`),
        (err) => logger.error('Mail outbox failed', err),
      ),
    );
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
