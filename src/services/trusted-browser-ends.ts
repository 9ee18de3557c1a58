import { deleteAllTrustedBrowsers } from '../repos/trusted-browsers.js';
import { auditTarget, type KeyOpContext, type KeyTarget } from './key-op.js';

/** What ends every trusted browser of an account at once. */
export type TrustEnd = 'forgotten' | 'devices_revoked' | 'key_reset' | 'key_provisioned' | 'password_changed' | 'turned_off';

const END_WORDS: Record<TrustEnd, string> = {
  forgotten: '',
  devices_revoked: 'all 2-Step Verification devices were revoked',
  key_reset: 'the 2-Step Verification key was reset',
  key_provisioned: 'a new 2-Step Verification key was set',
  password_changed: 'the password was changed',
  turned_off: '2-Step Verification was turned off',
};

/**
 * Inside the caller's transaction: forgets every trusted browser of the target account, with an
 * audit record saying why; nothing is written when there were none. Answers how many.
 */
export async function endTrustedBrowsers(c: KeyOpContext, target: KeyTarget, why: TrustEnd): Promise<number> {
  if (target.subject.kind !== 'account') return 0;
  const count = await deleteAllTrustedBrowsers(c.trx, target.subject.id);
  if (count === 0) return 0;
  const howMany = count === 1 ? '1 trusted browser' : `${count} trusted browsers`;
  await auditTarget(c, target, 'browsers.forgotten', END_WORDS[why] ? `${howMany}: ${END_WORDS[why]}` : howMany);
  return count;
}
