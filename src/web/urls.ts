import type Router from '@koa/router';

/** Builds links from named routes, so templates never spell paths. */
export interface UrlBuilder {
  /** The path of route `name` with `params` filled in, plus an optional query. */
  (name: string, params?: Record<string, string | number>, query?: Record<string, string | number | undefined>): string;
}

/** Registers routers and answers URLs for their named routes. */
export class RouteRegistry {
  private readonly routers: Router[] = [];
  // Links are built on every page view: remember which router owns a name and the paths without parameters.
  private readonly owners = new Map<string, Router>();
  private readonly plainPaths = new Map<string, string>();

  /** Adds a router whose named routes become linkable. */
  add(router: Router): void {
    this.routers.push(router);
    this.owners.clear();
    this.plainPaths.clear();
  }

  /** Every route of the registered routers: its methods and its path pattern (`:name` for parameters). */
  list(): { methods: string[]; path: string }[] {
    return this.routers.flatMap((router) =>
      router.stack.filter((layer) => layer.methods.length > 0).map((layer) => ({ methods: [...layer.methods], path: String(layer.path) })),
    );
  }

  /** True when some registered router has a route called `name`. */
  readonly has = (name: string): boolean => this.ownerOf(name) !== undefined;

  /** The URL builder over every registered router; an unknown name throws (a programming error). */
  readonly url: UrlBuilder = (name, params = {}, query) => {
    const plain = Object.keys(params).length === 0;
    let path = plain ? this.plainPaths.get(name) : undefined;
    if (path === undefined) {
      const found = this.ownerOf(name)?.url(name, params);
      if (typeof found !== 'string') throw new Error(`no route named ${name}`);
      path = found;
      if (plain) this.plainPaths.set(name, path);
    }
    return path + queryString(query);
  };

  private ownerOf(name: string): Router | undefined {
    let owner = this.owners.get(name);
    if (!owner) {
      owner = this.routers.find((router) => router.route(name) !== false);
      if (owner) this.owners.set(name, owner);
    }
    return owner;
  }
}

function queryString(query: Record<string, string | number | undefined> | undefined): string {
  if (!query) return '';
  const entries = Object.entries(query).filter(([, v]) => v !== undefined && v !== '') as [string, string | number][];
  if (entries.length === 0) return '';
  return '?' + new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)])).toString();
}
