import fs from 'node:fs';
import path from 'node:path';
import nunjucks from 'nunjucks';
import type { Logger } from '../logger.js';

/** Builds an environment whose loaders are `front` then the product's views/, with the product's options, globals and filters. */
export type EnvironmentFactory = (loaders: nunjucks.ILoader[]) => nunjucks.Environment;

/** A domain name fit to be a folder name under the branding folder. */
export function isDomainFolderName(name: string): boolean {
  return /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/.test(name) && name.length <= 253;
}

/** Serves fixed sources for a few template names (the preview's stand-in layouts). */
export function memoryLoader(sources: Record<string, string>): nunjucks.ILoader {
  // nunjucks asks each loader in turn and takes null as "not mine"; its typings leave the null out.
  const loader: { getSource(name: string): nunjucks.LoaderSource | null } = {
    getSource: (name) => (name in sources ? { src: sources[name], path: `(preview) ${name}`, noCache: false } : null),
  };
  return loader as nunjucks.ILoader;
}

/** Per-domain templates: lookup, compile checks and logging of broken overrides. */
export class TemplateOverrides {
  private readonly reported = new Set<string>();
  private readonly envs = new Map<string, nunjucks.Environment | null>();

  /** Overrides live in `dir/<domain>/`; `check` compiles a source to find syntax errors. */
  constructor(
    readonly dir: string,
    private readonly logger: Logger,
    private readonly makeEnv: EnvironmentFactory,
    private readonly check: nunjucks.Environment,
    private readonly cache: boolean,
  ) {}

  /** Logs a problem of an override once, naming the file; the product's template is used instead. */
  report(key: string, message: string): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.logger.error(`Branding template ${key}: ${message}. The product's template is used instead.`);
  }

  private relative(file: string): string {
    return path.relative(path.dirname(this.dir), file);
  }

  /** The source of an override file when it exists and compiles, else null (after logging why). */
  private overrideSource(domainDir: string, name: string): nunjucks.LoaderSource | null {
    const file = path.resolve(domainDir, name);
    if (!file.startsWith(domainDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return null;
    const src = fs.readFileSync(file, 'utf8');
    try {
      new nunjucks.Template(src, this.check, file, true);
    } catch (err) {
      this.report(this.relative(file), firstLine(err));
      return null;
    }
    return { src, path: file, noCache: !this.cache };
  }

  /** A loader that answers the domain's overrides and leaves every other name to the next loader. */
  loaderFor(domain: string): nunjucks.ILoader {
    const domainDir = path.join(this.dir, domain);
    return { getSource: (name) => this.overrideSource(domainDir, name) as nunjucks.LoaderSource };
  }

  /** True when `domain` has an override folder. */
  hasFolder(domain: string): boolean {
    if (!isDomainFolderName(domain)) return false;
    const folder = path.join(this.dir, domain);
    return fs.existsSync(folder) && fs.statSync(folder).isDirectory();
  }

  /** The environment for a domain's pages (its folder before the product's), or null when it has none. */
  envFor(domain: string): nunjucks.Environment | null {
    const known = this.envs.get(domain);
    if (known !== undefined && this.cache) return known;
    const env = this.hasFolder(domain) ? this.makeEnv([this.loaderFor(domain)]) : null;
    this.envs.set(domain, env);
    return env;
  }

  /** Compiles every override now, so broken ones are reported at start; answers how many files were found. */
  checkAll(): number {
    if (!fs.existsSync(this.dir)) return 0;
    let count = 0;
    for (const domain of fs.readdirSync(this.dir)) {
      if (!this.hasFolder(domain)) continue;
      const domainDir = path.join(this.dir, domain);
      for (const file of listTemplates(domainDir)) {
        count++;
        this.overrideSource(domainDir, path.relative(domainDir, file));
      }
    }
    return count;
  }
}

function listTemplates(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listTemplates(full);
    return entry.isFile() && entry.name.endsWith('.njk') ? [full] : [];
  });
}

/** The useful part of a nunjucks error: the message with its line and column, on one line. */
export function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
