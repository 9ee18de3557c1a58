import Koa from 'koa';
import type { Knex } from 'knex';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { createSecretBox } from './core/secret-box.js';
import { consoleLogger, type Logger } from './logger.js';
import type { ServiceContext } from './services/context.js';
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

/** The assembled application: the Koa app to serve and the services the CLI shares. */
export interface App {
  koa: Koa;
  deps: WebDeps;
}

/** The service context (database, clock, secret encryption, password cost) for an app or the CLI. */
export function createServiceContext(db: Knex, clock: Clock, config: Readonly<Config>): ServiceContext {
  if (!config.secretKey) throw new Error('config.secretKey is required');
  return { db, clock, secretBox: createSecretBox(config.secretKey), passwordCost: config.passwordCost };
}

/** Builds WebMail and WebAdmin over the given database and clock. Nothing happens at import time. */
export function createApp(options: AppOptions): App {
  const { db, clock, config } = options;
  if (!config.appKeys?.length) throw new Error('config.appKeys is required');
  const registry = new RouteRegistry();
  const deps: WebDeps = {
    db,
    clock,
    config,
    logger: options.logger ?? consoleLogger,
    services: createServiceContext(db, clock, config),
    settings: createSettingsCache(db, clock, {
      sessionIdleSeconds: config.sessionIdleSeconds,
      sessionMaxSeconds: config.sessionMaxSeconds,
    }),
    views: createViews(registry.url, registry.has),
  };
  const webmail = createWebmailApp(deps, registry).callback();
  const admin = createAdminApp(deps, registry).callback();
  const koa = new Koa({ proxy: config.trustProxy });
  koa.silent = true;
  koa.use((ctx) => {
    // Each area is its own Koa app with its own session cookie; hand the raw request over.
    ctx.respond = false;
    const inAdmin = ctx.path === ADMIN_PREFIX || ctx.path.startsWith(`${ADMIN_PREFIX}/`);
    return (inAdmin ? admin : webmail)(ctx.req, ctx.res);
  });
  return { koa, deps };
}
