import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT_DIR } from '../paths.js';

const ARCH_NAMES: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64', ia32: 'i386', arm: 'armv7l' };

/** `VERSION|OS|ARCH` as Axigen's GET VERSION prints it, e.g. `1.0.0|Linux|x86_64`. */
export function versionLine(version: string, osType: string, arch: string): string {
  return `${version}|${osType}|${ARCH_NAMES[arch] ?? arch}`;
}

let cached: string | null = null;

/** The running product's version line (version from package.json). */
export function productVersionLine(): string {
  if (cached === null) {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8')) as { version: string };
    cached = versionLine(pkg.version, os.type(), os.arch());
  }
  return cached;
}
