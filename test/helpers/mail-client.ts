import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'mail_client.py');

/** What the independent client answers: ok with its findings, or the server's refusal. */
export type MailClientResult =
  | { ok: true; exists?: number; count?: number; messages?: { subject: string; from: string; to?: string; in_reply_to?: string }[] }
  | { ok: false; error: string; code: number | null };

let child: ChildProcessWithoutNullStreams | null = null;
let nextId = 1;
const waiting = new Map<number, (result: MailClientResult) => void>();

/** One Python process per test file answers every command (starting one per call costs ~0.5 s). */
function client(): ChildProcessWithoutNullStreams {
  if (child) return child;
  const python = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const started = spawn(python, [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
  readline.createInterface({ input: started.stdout }).on('line', (line) => {
    const { id, ...result } = JSON.parse(line) as MailClientResult & { id: number };
    waiting.get(id)?.(result as MailClientResult);
    waiting.delete(id);
  });
  started.stderr.on('data', (chunk) => process.stderr.write(chunk));
  started.unref();
  for (const stream of [started.stdin, started.stdout, started.stderr]) (stream as unknown as { unref?: () => void }).unref?.();
  child = started;
  return started;
}

/** Runs one command of the Python mail client (imaplib, poplib, smtplib; nobody here wrote them). */
export function mailClient(command: string, args: Record<string, unknown>): Promise<MailClientResult> {
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    client().stdin.write(JSON.stringify({ id, command, ...args }) + '\n');
  });
}

/** Signs in over IMAP and opens INBOX; `source` is the loopback address to connect from (127.0.0.1 by default). */
export function imapLogin(port: number, user: string, password: string, source?: string): Promise<MailClientResult> {
  return mailClient('imap_login', { port, user, password, source });
}
