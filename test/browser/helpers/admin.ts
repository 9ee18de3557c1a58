import type { Page } from 'playwright-core';
import { ADMIN_PASSWORD } from '../../helpers/http.js';

/** Signs the page in to WebAdmin as the built-in admin through the sign-in form, as a person would. */
export async function signInToWebAdmin(page: Page): Promise<void> {
  await page.goto('/admin/login');
  await page.fill('#f-name', 'admin');
  await page.fill('#f-password', ADMIN_PASSWORD);
  await page.click('main form button[type=submit]');
}
