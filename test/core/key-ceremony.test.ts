import test from 'ava';
import { counterMovedOn, liveCeremony, type PendingKeyCeremony } from '../../src/core/key-ceremony.js';

test('the sign counter must move on, unless the key keeps none (both 0)', (t) => {
  const cases: [number, number, boolean][] = [
    [0, 0, true],
    [0, 1, true],
    [5, 6, true],
    [5, 5, false],
    [5, 4, false],
    [5, 0, false],
  ];
  for (const [stored, received, ok] of cases) t.is(counterMovedOn(stored, received), ok, `stored ${stored}, received ${received}`);
});

test('a pending key request counts only for its purpose and subject, before it expires', (t) => {
  const pending: PendingKeyCeremony = { purpose: 'signin', subject: { kind: 'account', id: 7 }, challenge: 'abc', rpId: 'mail.example.com', expiresAt: 1000 };
  t.is(liveCeremony(pending, 'signin', { kind: 'account', id: 7 }, 999), pending);
  t.is(liveCeremony(pending, 'signin', { kind: 'account', id: 7 }, 1000), null, 'expired');
  t.is(liveCeremony(pending, 'register', { kind: 'account', id: 7 }, 0), null, 'another purpose');
  t.is(liveCeremony(pending, 'signin', { kind: 'account', id: 8 }, 0), null, 'another account');
  t.is(liveCeremony(pending, 'signin', { kind: 'admin', id: 7 }, 0), null, 'an admin of the same id');
  t.is(liveCeremony({ ...pending, challenge: 5 }, 'signin', { kind: 'account', id: 7 }, 0), null, 'malformed');
  t.is(liveCeremony(undefined, 'signin', { kind: 'account', id: 7 }, 0), null);
});
