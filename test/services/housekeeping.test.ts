import test from 'ava';
import { saveSession } from '../../src/repos/sessions.js';
import { putThrottle } from '../../src/repos/throttles.js';
import { purgeExpiredState } from '../../src/services/housekeeping.js';
import { THROTTLE_WINDOW_MS } from '../../src/services/throttle.js';
import { openServices } from '../helpers/services.js';

test('housekeeping deletes expired sessions and failure counters whose window is over, and nothing else', async (t) => {
  const { ctx, clock, testDb } = await openServices();
  try {
    const now = clock.now();
    const session = (sid: string, expiresAt: number) => saveSession(ctx.db, { sid, kind: 'webmail', accountId: null, adminId: null, data: {}, expiresAt });
    await session('expired', now - 1);
    await session('live', now + 60_000);
    const old = now - THROTTLE_WINDOW_MS - 1;
    await putThrottle(ctx.db, { key: 'stale', failures: 3, firstFailureAt: old, blockedUntil: null }, now);
    await putThrottle(ctx.db, { key: 'still-blocked', failures: 9, firstFailureAt: old, blockedUntil: now + 60_000 }, now);
    await putThrottle(ctx.db, { key: 'recent', failures: 1, firstFailureAt: now - 1000, blockedUntil: null }, now);
    t.deepEqual(await purgeExpiredState(ctx), { sessions: 1, throttles: 1, trustedBrowsers: 0 });
    t.deepEqual((await ctx.db('sessions').select('sid')).map((r) => r.sid), ['live']);
    t.deepEqual((await ctx.db('login_throttles').orderBy('key').select('key')).map((r) => r.key), ['recent', 'still-blocked']);
    t.deepEqual(await purgeExpiredState(ctx), { sessions: 0, throttles: 0, trustedBrowsers: 0 });
  } finally {
    await testDb.destroy();
  }
});
