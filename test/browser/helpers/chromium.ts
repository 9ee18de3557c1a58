import fs from 'node:fs';
import type { ExecutionContext, TestFn } from 'ava';
import { chromium, type Browser as PwBrowser, type BrowserContext } from 'playwright-core';
import { AccessibilityAudit, describeFindings } from './axe.js';

/** Debian's Chromium, or the one named by CHROMIUM_PATH; null when neither is installed. */
export function chromiumPath(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  return candidates.find((candidate) => fs.existsSync(candidate)) ?? null;
}

/** Flags that keep headless Chromium quiet on a closed network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The two screens every flow is walked on. */
export const VIEWPORTS = {
  phone: { width: 360, height: 640 },
  desktop: { width: 1280, height: 900 },
} as const;

let announced = false;

/**
 * Makes every context of `browser` checked by `audit`: each HTML page it loads gets an axe-core run.
 * Answers the audit, whose `settle()` waits for the checks still running.
 */
export function auditAccessibility(browser: PwBrowser): AccessibilityAudit {
  const newContext = browser.newContext.bind(browser);
  const audit = new AccessibilityAudit(newContext);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    audit.watch(context, options?.viewport ?? null);
    return context;
  };
  return audit;
}

/**
 * Registers a browser test, or — without Chromium — a passing test that says it was skipped, once.
 * The callback gets a fresh launch; contexts are created with JavaScript disabled. Every page the
 * test visits is checked with axe-core, and a serious or critical finding fails the test.
 */
export function browserTest(test: TestFn, title: string, run: (t: ExecutionContext, browser: PwBrowser) => Promise<void>): void {
  const executable = chromiumPath();
  if (!executable) {
    if (!announced) {
      announced = true;
      console.log('Browser tests skipped: Chromium not found (install Debian\'s chromium or set CHROMIUM_PATH).');
    }
    return;
  }
  test(title, async (t) => {
    // Playwright gives every launch a new, empty profile folder of its own.
    const browser = await chromium.launch({ executablePath: executable, args: CHROMIUM_ARGS, headless: true });
    try {
      const audit = auditAccessibility(browser);
      await run(t, browser);
      await audit.settle();
      const problems = describeFindings(audit.findings);
      if (problems) t.fail(problems);
    } finally {
      await browser.close();
    }
  });
}

/** A new page with JavaScript disabled at the given viewport. */
export async function openPage(browser: PwBrowser, viewport: { width: number; height: number }, baseURL: string): Promise<{ context: BrowserContext; page: import('playwright-core').Page }> {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport, baseURL });
  const page = await context.newPage();
  return { context, page };
}

/** True when the page fits its viewport's width (no sideways scrolling at 360 px). */
export async function fitsWidth(page: import('playwright-core').Page): Promise<boolean> {
  const viewport = page.viewportSize();
  // Layout metrics come from the protocol, because page scripts are disabled.
  const session = await page.context().newCDPSession(page);
  const metrics = (await session.send('Page.getLayoutMetrics')) as { cssContentSize: { width: number } };
  await session.detach();
  return viewport !== null && metrics.cssContentSize.width <= viewport.width + 1;
}
