import test from 'ava';
import { passwordDelay, PASSWORD_FREE_FAILURES } from '../../src/core/lockout.js';
import { adminStageAfterPassword, signInAdmin, type AdminNextStage } from '../../src/services/admin-auth.js';
import { checkAdminName, createAdmin, removeAdmin, requireAdmin } from '../../src/services/admins.js';
import { ensureBuiltinAdmin } from '../../src/services/bootstrap.js';
import { ServiceError } from '../../src/services/errors.js';
import { openServices, TEST_ADMIN } from '../helpers/services.js';

test('the stage after the password: paired admins are challenged, unpaired ones set up only when mandatory', (t) => {
  const cases: [{ configured: boolean }, boolean, AdminNextStage][] = [
    [{ configured: false }, false, 'full'],
    [{ configured: false }, true, 'setup'],
    [{ configured: true }, false, 'challenge'],
    [{ configured: true }, true, 'challenge'],
  ];
  for (const [state, mandatory, expected] of cases) t.is(adminStageAfterPassword(state, mandatory), expected, JSON.stringify([state, mandatory]));
});

test('administrator names', (t) => {
  const cases: [string, string | null][] = [
    ['Bob', 'bob'],
    [' ops.admin ', 'ops.admin'],
    ['a', 'a'],
    ['', null],
    ['bad name', null],
    ['.dot', null],
    ['x'.repeat(65), null],
    ['<script>', null],
  ];
  for (const [raw, expected] of cases) {
    const checked = checkAdminName(raw);
    t.is(checked.ok ? checked.value : null, expected, raw);
  }
});

test('sign-in: unknown and wrong answer alike; failures are throttled per name and per address with a growing delay', async (t) => {
  const { ctx, clock, testDb } = await openServices();
  try {
    await ensureBuiltinAdmin(ctx, 'admin-password-1');
    t.like(await signInAdmin(ctx, 'nobody', 'x', '203.0.113.9', false, 'webadmin'), { ok: false, reason: 'wrong' });
    t.like(await signInAdmin(ctx, 'admin', 'x', '192.0.2.1', false, 'webadmin'), { ok: false, reason: 'wrong' });
    for (let i = 1; i < PASSWORD_FREE_FAILURES; i++) await signInAdmin(ctx, 'admin', 'x', '192.0.2.1', false, 'webadmin');
    const throttled = await signInAdmin(ctx, 'admin', 'admin-password-1', '192.0.2.1', false, 'webadmin');
    t.like(throttled, { ok: false, reason: 'throttled', until: clock.now() + passwordDelay(PASSWORD_FREE_FAILURES) });
    t.like(await signInAdmin(ctx, 'admin', 'admin-password-1', '198.51.100.7', false, 'webadmin'), { ok: false, reason: 'throttled' }, 'the name is throttled from any address');
    clock.advance(passwordDelay(PASSWORD_FREE_FAILURES));
    t.like(await signInAdmin(ctx, ' ADMIN ', 'admin-password-1', '192.0.2.1', true, 'webadmin'), { ok: true, stage: 'setup' });
    t.like(await signInAdmin(ctx, 'admin', 'x', '192.0.2.1', false, 'webadmin'), { ok: false, reason: 'wrong' }, 'a success starts the count afresh');
  } finally {
    await testDb.destroy();
  }
});

test('admins: the built-in one and oneself cannot be removed', async (t) => {
  const { ctx, testDb } = await openServices();
  try {
    await ensureBuiltinAdmin(ctx, 'admin-password-1');
    const builtin = await requireAdmin(ctx, 'admin');
    const bob = await createAdmin(ctx, TEST_ADMIN, 'bob', 'bob-password');
    await t.throwsAsync(removeAdmin(ctx, TEST_ADMIN, bob.id, 'admin'), { instanceOf: ServiceError, message: /built-in/ });
    await t.throwsAsync(removeAdmin(ctx, TEST_ADMIN, bob.id, 'bob'), { instanceOf: ServiceError, message: /yourself/ });
    await removeAdmin(ctx, TEST_ADMIN, builtin.id, 'bob');
    await t.throwsAsync(requireAdmin(ctx, 'bob'), { message: /no administrator bob/ });
  } finally {
    await testDb.destroy();
  }
});
