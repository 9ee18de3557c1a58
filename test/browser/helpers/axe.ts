import { createHash } from 'node:crypto';
import axe from 'axe-core';
import type { Browser as PwBrowser, BrowserContext, Page } from 'playwright-core';

/** Impacts that fail a browser test. */
export const BLOCKING_IMPACTS: ReadonlySet<string> = new Set(['serious', 'critical']);

/** One axe finding on one page. */
export interface Finding {
  url: string;
  viewport: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

type Viewport = { width: number; height: number };

/** A page with scripts on where documents are checked; `origin` is the server it was opened on. */
interface Auditor {
  page: Page;
  origin: string;
}

// Pages already checked in this process, by size and HTML (tokens left out): each is checked once.
const seen = new Map<string, Finding[]>();

/**
 * Runs axe-core (injected from node_modules) on every HTML page that the watched contexts load,
 * redirects followed. The test's own page keeps JavaScript off: each document it receives is
 * written again, byte for byte, into an auditor page of the same size and origin with scripts on,
 * one at a time, so the check never races the test's next click.
 */
export class AccessibilityAudit {
  /** Serious and critical findings so far. */
  readonly findings: Finding[] = [];
  /** Addresses of the pages checked, in order. */
  readonly audited: string[] = [];
  private readonly auditors = new Map<string, Promise<Auditor>>();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly newContext: PwBrowser['newContext']) {}

  /** Checks every HTML document `context` loads from now on (a context of `viewport`). */
  watch(context: BrowserContext, viewport: Viewport | null): void {
    context.on('response', (response) => {
      const request = response.request();
      if (request.resourceType() !== 'document' || !request.isNavigationRequest()) return;
      if (response.status() >= 300 && response.status() < 400) return;
      if (!/^text\/html/i.test(response.headers()['content-type'] ?? '')) return;
      // Asked for at once, so the body is read before the test can navigate on.
      const body = response.body();
      this.enqueue(response.url(), body, viewport);
    });
  }

  /** Resolves when every page loaded so far has been checked. */
  async settle(): Promise<void> {
    let last: Promise<void>;
    do {
      last = this.queue;
      await last;
    } while (last !== this.queue);
  }

  /** The serious and critical findings of one page (also kept in `findings`). */
  async check(url: string, html: string, viewport: Viewport | null): Promise<Finding[]> {
    const size = viewport ?? { width: 1280, height: 720 };
    const key = `${size.width}x${size.height} ${createHash('sha256').update(html.replace(/name="_csrf" value="[^"]*"/g, '')).digest('hex')}`;
    let found = seen.get(key);
    if (!found) {
      const auditor = await this.auditor(size);
      const origin = new URL(url).origin;
      if (auditor.origin !== origin) {
        // A blank page of the server's origin, so that the pages' stylesheets and images load from it.
        await auditor.page.goto(`${origin}/`, { waitUntil: 'load' });
        await auditor.page.addScriptTag({ content: axe.source });
        auditor.origin = origin;
      }
      // document.open() keeps the window and axe in it: the source is compiled once, not per page.
      await auditor.page.setContent(html, { waitUntil: 'load' });
      const results = (await auditor.page.evaluate('axe.run(document)')) as axe.AxeResults;
      found = results.violations
        .filter((violation) => BLOCKING_IMPACTS.has(violation.impact ?? ''))
        .map((violation) => ({
          url,
          viewport: `${size.width}×${size.height}`,
          rule: violation.id,
          impact: violation.impact!,
          help: violation.help,
          targets: violation.nodes.map((node) => node.target.join(' ')),
        }));
      seen.set(key, found);
    }
    this.audited.push(url);
    this.findings.push(...found.map((finding) => ({ ...finding, url })));
    return found;
  }

  private enqueue(url: string, body: Promise<Buffer>, viewport: Viewport | null): void {
    // A page the browser dropped before it was read (the test navigated on at once, the context
    // closed) was never shown, so there is nothing to check.
    const html = body.then(
      (bytes) => bytes.toString('utf8'),
      () => null,
    );
    this.queue = this.queue.then(async () => {
      const text = await html;
      if (text === null) return;
      try {
        await this.check(url, text, viewport);
      } catch (err) {
        this.findings.push({ url, viewport: '', rule: 'audit-failed', impact: 'critical', help: String(err), targets: [] });
      }
    });
  }

  private auditor(size: Viewport): Promise<Auditor> {
    const key = `${size.width}x${size.height}`;
    let found = this.auditors.get(key);
    if (!found) {
      found = (async () => {
        const context = await this.newContext({ viewport: size, javaScriptEnabled: true, bypassCSP: true });
        const page = await context.newPage();
        // The blank start page; everything else (stylesheets, images) comes from the server.
        await page.route((address) => address.pathname === '/' && address.search === '', (route) =>
          route.request().isNavigationRequest() ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>audit</title>' }) : route.fallback(),
        );
        return { page, origin: '' };
      })();
      this.auditors.set(key, found);
    }
    return found;
  }
}

/** A failure message listing blocking findings, or null when there are none. */
export function describeFindings(findings: Finding[]): string | null {
  if (findings.length === 0) return null;
  const lines = findings.map((f) => `${f.impact} ${f.rule} at ${f.viewport} on ${f.url}: ${f.help} (${f.targets.slice(0, 5).join(', ')})`);
  return `Accessibility (axe-core) found ${findings.length} serious or critical problem(s):\n${lines.join('\n')}`;
}
