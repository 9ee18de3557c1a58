import test from 'ava';
import { startTestServer } from '../helpers/http.js';
import { browserTest, fitsWidth, openPage, VIEWPORTS } from './helpers/chromium.js';

browserTest(test, 'the front page leads to sign-in, without script, at phone and desktop sizes', async (t, browser) => {
  const server = await startTestServer();
  try {
    for (const viewport of Object.values(VIEWPORTS)) {
      const { context, page } = await openPage(browser, viewport, server.url);
      const response = await page.goto('/');
      t.is(response?.status(), 200);
      t.true(page.url().endsWith('/login'));
      t.is(await page.locator('input[name=username]').count(), 1);
      t.true(await page.locator('h1').isVisible());
      t.true(await fitsWidth(page), `fits ${viewport.width} px`);
      await context.close();
    }
  } finally {
    await server.close();
  }
});
