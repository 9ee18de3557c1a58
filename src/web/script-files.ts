import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * Files served under /static besides public/: the browser half of @simplewebauthn, its UMD bundle
 * taken from the installed package (same origin, never a CDN), by the name pages load it under.
 */
export const VENDOR_FILES: Readonly<Record<string, string>> = {
  'simplewebauthn-browser.js': path.join(path.dirname(require.resolve('@simplewebauthn/browser')), '..', 'dist', 'bundle', 'index.umd.min.js'),
};

/** Every file served under /static: [name, full path] of public/'s files and the VENDOR_FILES. */
export function staticSources(publicDir: string): [string, string][] {
  return [...fs.readdirSync(publicDir).map((name): [string, string] => [name, path.join(publicDir, name)]), ...Object.entries(VENDOR_FILES)];
}
