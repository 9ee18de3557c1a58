import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as cheerio from 'cheerio';
import { createApp, type App } from '../../src/app.js';
import { TestClock } from '../../src/clock.js';
import type { Config } from '../../src/config.js';
import { memoryLogger } from '../../src/logger.js';
import { ensureBuiltinAdmin } from '../../src/services/bootstrap.js';
import { testConfig } from './config.js';
import { openTestDb, type TestDb } from './db.js';

/** Password of the built-in admin in HTTP tests. */
export const ADMIN_PASSWORD = 'admin-password-1';

/** A running app for one test: its base URL, clock, database and logger. */
export interface TestServer {
  app: App;
  url: string;
  clock: TestClock;
  testDb: TestDb;
  logs: string[];
  close(): Promise<void>;
}

/** Boots createApp on a free port over a fresh database (or the migrated `testDb` given), with the built-in admin created. */
export async function startTestServer(overrides: Partial<Config> = {}, clock = new TestClock(), given?: TestDb): Promise<TestServer> {
  const testDb = given ?? (await openTestDb());
  const logger = memoryLogger();
  const app = createApp({ db: testDb.db, clock, config: testConfig(overrides), logger });
  await ensureBuiltinAdmin(app.deps.services, ADMIN_PASSWORD);
  const server = http.createServer(app.handler);
  // As main.ts: an idle keep-alive socket outlives the client's own pooling, so the server never
  // closes one the test client is about to reuse (an ECONNRESET on a busy machine).
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    clock,
    testDb,
    logs: logger.lines,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.deps.services.mail.close();
      await testDb.destroy();
    },
  };
}

/** A response with its HTML parsed. */
export interface Page {
  status: number;
  headers: Headers;
  text: string;
  $: cheerio.CheerioAPI;
  /** The Location header of a redirect, or null. */
  location: string | null;
  /** Set-Cookie headers of this response. */
  setCookies: string[];
}

/** A cookie-keeping HTTP client that never follows redirects by itself. */
export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly base: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  /** Sends a request; `form` is sent as application/x-www-form-urlencoded, a FormData as multipart/form-data. */
  async request(method: string, path: string, form?: Record<string, string | string[]> | string | FormData, extraHeaders: Record<string, string> = {}): Promise<Page> {
    const headers: Record<string, string> = { ...this.headers, ...extraHeaders };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | FormData | undefined;
    if (form instanceof FormData) body = form;
    else if (form !== undefined) {
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
      if (typeof form === 'string') body = form;
      else {
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
        body = params.toString();
      }
    }
    const response = await fetch(this.base + path, { method, headers, body, redirect: 'manual' });
    const setCookies = response.headers.getSetCookie();
    for (const cookie of setCookies) {
      const [pair, ...attrs] = cookie.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /expires=Thu, 01 Jan 1970/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, $: cheerio.load(text), location: response.headers.get('location'), setCookies };
  }

  /** GET a path. */
  get(path: string): Promise<Page> {
    return this.request('GET', path);
  }

  /** POST a form as it is (no CSRF token added). */
  post(path: string, form: Record<string, string | string[]> | string): Promise<Page> {
    return this.request('POST', path, form);
  }

  /** GETs `path`, reads the form (first, or the one matching `selector`), fills `fields` and submits it. */
  async submit(path: string, fields: Record<string, string>, selector = 'form'): Promise<Page> {
    const page = await this.get(path);
    return this.submitForm(page, fields, selector, path);
  }

  /** Submits a form of an already loaded page, keeping its hidden fields. */
  async submitForm(page: Page, fields: Record<string, string>, selector = 'form', pagePath = '/'): Promise<Page> {
    const form = page.$(selector).first();
    if (form.length === 0) throw new Error(`no form ${selector} on the page (status ${page.status}): ${page.text.slice(0, 300)}`);
    const values: Record<string, string> = {};
    form.find('input[type=hidden]').each((_, el) => {
      const name = page.$(el).attr('name');
      if (name) values[name] = page.$(el).attr('value') ?? '';
    });
    const action = form.attr('action') || pagePath;
    return this.post(action, { ...values, ...fields });
  }

  /**
   * Submits a form of a loaded page as multipart/form-data as a browser would: its fields in page
   * order (the CSRF token leads) with `fields` replacing their values, then `files` under their names.
   */
  async submitMultipart(page: Page, fields: Record<string, string>, files: { field: string; filename: string; content: Buffer; type?: string }[] = [], selector = 'form[enctype="multipart/form-data"]'): Promise<Page> {
    const form = page.$(selector).first();
    if (form.length === 0) throw new Error(`no form ${selector} on the page (status ${page.status})`);
    const data = new FormData();
    const pending = { ...fields };
    form.find('input, textarea').each((_, el) => {
      const field = page.$(el);
      const name = field.attr('name');
      const type = field.attr('type') ?? 'text';
      if (!name || ['file', 'submit', 'button', 'checkbox', 'radio'].includes(type)) return;
      data.append(name, name in pending ? pending[name] : el.tagName === 'textarea' ? field.text() : (field.attr('value') ?? ''));
      delete pending[name];
    });
    for (const [name, value] of Object.entries(pending)) data.append(name, value);
    for (const file of files) data.append(file.field, new Blob([file.content], { type: file.type ?? 'application/octet-stream' }), file.filename);
    return this.request('POST', form.attr('action') ?? '/', data);
  }

  /** Follows redirects from a response until a page answers (at most 10). */
  async follow(page: Page): Promise<Page> {
    let current = page;
    for (let i = 0; i < 10 && current.location && current.status >= 300 && current.status < 400; i++) {
      current = await this.get(new URL(current.location, this.base).pathname + new URL(current.location, this.base).search);
    }
    return current;
  }
}
