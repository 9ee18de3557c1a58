import test from 'ava';
import { endSessions } from '../../src/repos/sessions.js';
import { requireAccount } from '../../src/services/accounts.js';
import { createDomain } from '../../src/services/domains.js';
import { forgetSession, loadSession, storeSession } from '../../src/services/sessions.js';
import { openServices, TEST_ADMIN } from '../helpers/services.js';

test('loadSession answers a live session, says why one ended (ran out, or ended by an administrator) as it removes it, and ignores the other area', async (t) => {
  const { ctx, clock, testDb } = await openServices();
  try {
    const now = clock.now();
    const row = (sid: string, kind: 'webmail' | 'admin', expiresAt: number, accountId: number | null = null) => ({ sid, kind, accountId, adminId: null, data: { stage: 'full', sid }, expiresAt });
    await storeSession(ctx, row('live', 'webmail', now + 60_000));
    const domain = await createDomain(ctx, TEST_ADMIN, 'example.com', 'Secret-123');
    const postmaster = await requireAccount(ctx, domain, 'postmaster');
    await storeSession(ctx, row('reset', 'webmail', now + 60_000, postmaster.id));
    await endSessions(ctx.db, { kind: 'account', id: postmaster.id }, 'key_reset', now);
    await storeSession(ctx, row('ran-out', 'webmail', now));
    await storeSession(ctx, row('admin-one', 'admin', now + 60_000));
    const cases: { area: 'webmail' | 'admin'; sid: string; expected: Awaited<ReturnType<typeof loadSession>> }[] = [
      { area: 'webmail', sid: 'live', expected: { data: { stage: 'full', sid: 'live' }, ended: null } },
      { area: 'webmail', sid: 'ran-out', expected: { data: null, ended: 'expired' } },
      { area: 'webmail', sid: 'ran-out', expected: { data: null, ended: null } },
      { area: 'webmail', sid: 'reset', expected: { data: null, ended: 'key_reset' } },
      { area: 'webmail', sid: 'never', expected: { data: null, ended: null } },
      { area: 'webmail', sid: 'admin-one', expected: { data: null, ended: null } },
      { area: 'admin', sid: 'admin-one', expected: { data: { stage: 'full', sid: 'admin-one' }, ended: null } },
    ];
    for (const { area, sid, expected } of cases) t.deepEqual(await loadSession(ctx, area, sid), expected, `${area} ${sid}`);
    await forgetSession(ctx, 'live');
    t.deepEqual(await loadSession(ctx, 'webmail', 'live'), { data: null, ended: null });
    t.deepEqual((await testDb.db('sessions').select('sid')).map((r) => r.sid), ['admin-one']);
  } finally {
    await testDb.destroy();
  }
});
