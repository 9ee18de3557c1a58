import test from 'ava';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { applyDomainChanges } from '../../src/services/domains.js';
import { TEST_ADMIN } from '../helpers/services.js';
import { browserTest, VIEWPORTS } from './helpers/chromium.js';
import { verifyPassword, walkWith } from './onboarding-helpers.js';

// jsqr ships a CommonJS bundle whose module.exports is the function itself, while its types declare a default export.
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  browserTest(test, `the rendered QR code decodes to the otpauth URI of the key shown as text (${name})`, async (t, browser) => {
    await walkWith(t, browser, viewport, 'enabled', async (walk) => {
      const { page } = walk;
      await applyDomainChanges(walk.server.app.deps.services, TEST_ADMIN, 'example.com', [{ op: 'setBrandingName', value: 'Example Mail' }]);
      await walk.signIn();
      await page.goto('/settings/two-step/pair');
      await verifyPassword(page);
      t.is(walk.path(), '/settings/two-step/pair');
      const png = PNG.sync.read(await page.locator('.qr svg').screenshot());
      const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      t.truthy(decoded, 'the screenshot holds a readable QR code');
      const uri = new URL(decoded!.data);
      t.is(uri.protocol, 'otpauth:');
      t.is(uri.host, 'totp');
      const keyText = (await page.locator('#secret-key').innerText()).replace(/\s+/g, '');
      t.is(uri.searchParams.get('secret'), keyText);
      t.is(uri.searchParams.get('issuer'), 'Example Mail');
      t.is(decodeURIComponent(uri.pathname.slice(1)), 'Example Mail:alice@example.com');
      t.is(await page.locator('#key-issuer').innerText(), 'Example Mail');
      t.is(await page.locator('#key-account').innerText(), walk.address);
      t.is(await page.getByRole('link', { name: 'Open in your authenticator app' }).getAttribute('href'), decoded!.data);
    });
  });
}
