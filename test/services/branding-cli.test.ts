import test from 'ava';
import { getBranding } from '../../src/repos/branding.js';
import { checkBrandingName, saveBranding } from '../../src/services/branding.js';
import { createDomain } from '../../src/services/domains.js';
import { ServiceError } from '../../src/services/errors.js';
import { TEST_ADMIN } from '../helpers/services.js';
import { openCli } from '../cli/helpers.js';

function screenMessage(name: string): string {
  try {
    checkBrandingName(name);
  } catch (err) {
    if (err instanceof ServiceError) return err.message;
  }
  return '';
}

test("the CLI's SET brandingName and the branding screen share one rule and one stored value", async (t) => {
  const cli = await openCli(t);
  try {
    const domain = await createDomain(cli.ctx, TEST_ADMIN, 'acme.test', 'Secret-123');
    await cli.login();
    for (const refused of ['Acme: Mail', 'x'.repeat(101)]) {
      await cli.script('UPDATE Domain acme.test', `SET brandingName "${refused}"`);
      const output = await cli.err('COMMIT');
      t.is(output.lines.at(-1), `-ERR: ${screenMessage(refused)}`);
      await cli.ok('BACK');
    }
    t.is((await getBranding(cli.ctx.db, { kind: 'domain', id: domain.id })).name, null, 'nothing was stored');

    await cli.script('UPDATE Domain acme.test', 'SET brandingName "  Acme Mail  "', 'COMMIT');
    t.is((await getBranding(cli.ctx.db, { kind: 'domain', id: domain.id })).name, 'Acme Mail');

    // A save from the screen that leaves the name as the CLI set it keeps it; clearing it on either side inherits.
    const target = { kind: 'domain' as const, id: domain.id, name: domain.name };
    await saveBranding(cli.ctx, TEST_ADMIN, target, { texts: { name: 'Acme Mail', accentColor: '#123456' }, uploads: {}, kept: {}, reset: new Set() });
    t.is((await getBranding(cli.ctx.db, { kind: 'domain', id: domain.id })).name, 'Acme Mail');
    await cli.script('UPDATE Domain acme.test', 'SET brandingName ""', 'COMMIT');
    const after = await getBranding(cli.ctx.db, { kind: 'domain', id: domain.id });
    t.is(after.name, null);
    t.is(after.accentColor, '#123456', 'the CLI changes the name only');
  } finally {
    await cli.testDb.destroy();
  }
});
