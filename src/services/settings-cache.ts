import type { ServiceContext } from './context.js';
import { storedServerSettings, type ServerSettings } from './server-settings.js';

/** Server settings read at most every few seconds, so a page view does not query them each time. */
export interface SettingsCache {
  get(): Promise<ServerSettings>;
  /** Forget the cached copy (after this instance changed the settings). */
  invalidate(): void;
}

/** How long a cached copy is used, in ms; other instances see a change within this time. */
export const SETTINGS_TTL_MS = 5000;

/** A cache over the settings row; `overrides` (from the environment) win over stored values. */
export function createSettingsCache(ctx: ServiceContext, overrides: Partial<ServerSettings> = {}): SettingsCache {
  let cached: { value: ServerSettings; at: number } | null = null;
  return {
    async get() {
      const now = ctx.clock.now();
      if (!cached || now - cached.at > SETTINGS_TTL_MS || now < cached.at) {
        const stored = await storedServerSettings(ctx);
        const value = { ...stored };
        for (const [key, v] of Object.entries(overrides)) if (v !== undefined) (value as Record<string, unknown>)[key] = v;
        cached = { value, at: now };
      }
      return cached.value;
    },
    invalidate() {
      cached = null;
    },
  };
}
