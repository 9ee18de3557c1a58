import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Knex } from 'knex';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { createSecretBox } from './core/secret-box.js';
import { consoleLogger, type Logger } from './logger.js';
import type { ServiceContext } from './services/context.js';
import { createMailStore } from './services/mail-store/create.js';
import { createSettingsCache } from './services/settings-cache.js';
import { ADMIN_PREFIX, createAdminApp } from './web/admin/app.js';
import type { WebDeps } from './web/deps.js';
import { createViews } from './web/render.js';
import { RouteRegistry } from './web/urls.js';
import { createWebmailApp } from './web/webmail/app.js';

/** What the application is built from; nothing is read from the environment here. */
export interface AppOptions {
  db: Knex;
  clock: Clock;
  /** Must carry appKeys and secretKey (main.ts fills them in). */
  config: Readonly<Config>;
  logger?: Logger;
}

/** The assembled application: the request handler to serve and the collaborators it was built from. */
export interface App {
  /** Node request handler: WebAdmin under /admin, WebMail everywhere else. */
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  deps: WebDeps;
  /** The named routes of both areas (links, and the list of every route). */
  routes: RouteRegistry;
}

/** The service context (database, clock, secret encryption, password cost, mail store) for an app or the CLI. */
export function createServiceContext(db: Knex, clock: Clock, config: Readonly<Config>): ServiceContext {
  if (!config.secretKey) throw new Error('config.secretKey is required');
  return { db, clock, secretBox: createSecretBox(config.secretKey, config.secretKeysPrevious), passwordCost: config.passwordCost, mail: createMailStore(db, clock, config) };
}

/** Builds WebMail and WebAdmin over the given database and clock. Nothing happens at import time. */
export function createApp(options: AppOptions): App {
  const { db, clock, config } = options;
  if (!config.appKeys?.length) throw new Error('config.appKeys is required');
  const registry = new RouteRegistry();
  const services = createServiceContext(db, clock, config);
  const deps: WebDeps = {
    clock,
    config,
    logger: options.logger ?? consoleLogger,
    services,
    settings: createSettingsCache(services, {
      sessionIdleSeconds: config.sessionIdleSeconds,
      sessionMaxSeconds: config.sessionMaxSeconds,
    }),
    views: createViews(registry.url, registry.has),
    url: registry.url,
  };
  const webmail = createWebmailApp(deps, registry).callback();
  const admin = createAdminApp(deps, registry).callback();
  // Each area is its own Koa app with its own session cookie; choose by path before any context is built.
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const inAdmin = url === ADMIN_PREFIX || url.startsWith(`${ADMIN_PREFIX}/`) || url.startsWith(`${ADMIN_PREFIX}?`);
    void (inAdmin ? admin : webmail)(req, res);
  };
  return { handler, deps, routes: registry };
}
