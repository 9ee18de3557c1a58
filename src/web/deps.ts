import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { ServiceContext } from '../services/context.js';
import type { SettingsCache } from '../services/settings-cache.js';
import type { Views } from './render.js';
import type { UrlBuilder } from './urls.js';

/** Everything the web layer is built from; assembled once by createApp. The database is reached only through `services`. */
export interface WebDeps {
  clock: Clock;
  config: Readonly<Config>;
  logger: Logger;
  services: ServiceContext;
  settings: SettingsCache;
  views: Views;
  /** Links to named routes of any area (for redirects; templates have `url`). */
  url: UrlBuilder;
}
