import type Router from '@koa/router';

/** Builds links from named routes, so templates never spell paths. */
export interface UrlBuilder {
  /** The path of route `name` with `params` filled in, plus an optional query. */
  (name: string, params?: Record<string, string | number>, query?: Record<string, string | number | undefined>): string;
}

/** Registers routers and answers URLs for their named routes. */
export class RouteRegistry {
  private readonly routers: Router[] = [];

  /** Adds a router whose named routes become linkable. */
  add(router: Router): void {
    this.routers.push(router);
  }

  /** True when some registered router has a route called `name`. */
  readonly has = (name: string): boolean => this.routers.some((router) => router.route(name) !== false);

  /** The URL builder over every registered router; an unknown name throws (a programming error). */
  readonly url: UrlBuilder = (name, params = {}, query) => {
    for (const router of this.routers) {
      const found = router.url(name, params);
      if (typeof found === 'string') return found + queryString(query);
    }
    throw new Error(`no route named ${name}`);
  };
}

function queryString(query: Record<string, string | number | undefined> | undefined): string {
  if (!query) return '';
  const entries = Object.entries(query).filter(([, v]) => v !== undefined && v !== '') as [string, string | number][];
  if (entries.length === 0) return '';
  return '?' + new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)])).toString();
}
