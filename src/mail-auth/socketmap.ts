import net from 'node:net';
import type { Logger } from '../logger.js';
import type { ServiceContext } from '../services/context.js';
import { isMailDomain, mailAccountAddress } from '../services/mail-auth.js';

/** Longest socketmap request accepted, in bytes (a map name and an address). */
export const SOCKETMAP_REQUEST_LIMIT = 1024;

/** An idle Postfix connection is closed after this long, in ms (Postfix reconnects by itself). */
const IDLE_MS = 60_000;

/**
 * The tables Postfix asks (socketmap_table(5)): `domains` (is this one of Twostep's domains),
 * `mailboxes` (does this account exist) and `senders` (which login owns this MAIL FROM address: the
 * account itself). Each answers `OK <value>` or `NOTFOUND `.
 */
async function lookUp(services: ServiceContext, map: string, key: string): Promise<string | null> {
  switch (map) {
    case 'domains':
      return (await isMailDomain(services, key)) ? key.toLowerCase() : null;
    case 'mailboxes':
    case 'senders':
      // "@example.com" (catch-all) and bare local parts name no account.
      return key.startsWith('@') || !key.includes('@') ? null : mailAccountAddress(services, key);
    default:
      throw new SocketmapRefusal(`no such map ${map.slice(0, 40)}`);
  }
}

class SocketmapRefusal extends Error {}

function netstring(text: string): string {
  return `${Buffer.byteLength(text)}:${text},`;
}

/** Parses one netstring off the front of `buffer`: the request, or null when more bytes are needed. */
export function readNetstring(buffer: Buffer, limit = SOCKETMAP_REQUEST_LIMIT): { text: string; rest: Buffer } | null {
  const colon = buffer.indexOf(0x3a);
  const digits = buffer.subarray(0, colon < 0 ? Math.min(buffer.length, 6) : colon).toString('latin1');
  if (!/^\d*$/.test(digits) || digits.length > 5) throw new SocketmapRefusal('malformed netstring');
  if (colon < 0) return null;
  const length = Number(digits);
  if (digits === '' || length > limit) throw new SocketmapRefusal(digits === '' ? 'malformed netstring' : 'request too long');
  if (buffer.length < colon + 1 + length + 1) return null;
  if (buffer[colon + 1 + length] !== 0x2c) throw new SocketmapRefusal('malformed netstring');
  return { text: buffer.subarray(colon + 1, colon + 1 + length).toString('utf8'), rest: buffer.subarray(colon + 2 + length) };
}

/**
 * The socketmap server Postfix asks for Twostep's domains, mailboxes and sender owners
 * (MAIL_MAP_PORT, loopback). Postfix cannot send a token, so the server answers only what SMTP
 * itself tells anyone who tries an address: whether it receives mail. A malformed or oversized
 * request gets `PERM` and the connection closes; a failure of Twostep answers `TEMP`, which Postfix
 * turns into a 4xx (the sender retries), never an acceptance.
 */
export function createSocketmapServer(services: ServiceContext, logger: Logger): net.Server {
  return net.createServer((socket) => {
    socket.setTimeout(IDLE_MS, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    let buffer: Buffer = Buffer.alloc(0);
    let busy = Promise.resolve();
    const refuse = (reason: string) => {
      socket.end(netstring(`PERM ${reason}`));
      buffer = Buffer.alloc(0);
    };
    const answer = async (request: string) => {
      const space = request.indexOf(' ');
      if (space <= 0) throw new SocketmapRefusal('malformed request');
      const key = request.slice(space + 1).trim();
      if (!key || /[\x00-\x20\x7f]/.test(key)) throw new SocketmapRefusal('malformed key');
      try {
        const value = await lookUp(services, request.slice(0, space), key);
        return value === null ? 'NOTFOUND ' : `OK ${value}`;
      } catch (err) {
        if (err instanceof SocketmapRefusal) throw err;
        logger.error('Postfix lookup failed', err);
        return 'TEMP lookup failed';
      }
    };
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      // Requests are answered in order, one at a time, as Postfix expects.
      busy = busy.then(async () => {
        try {
          for (let next = readNetstring(buffer); next && !socket.destroyed; next = readNetstring(buffer)) {
            buffer = next.rest;
            socket.write(netstring(await answer(next.text)));
          }
        } catch (err) {
          if (err instanceof SocketmapRefusal) refuse(err.message);
          else socket.destroy();
        }
      });
    });
  });
}
