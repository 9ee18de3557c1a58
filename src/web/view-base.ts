import type { Context, Next } from 'koa';

/** Puts what every page needs into `ctx.state.viewBase`: the CSRF token for forms and the current path. */
export async function viewBase(ctx: Context, next: Next): Promise<void> {
  ctx.state.viewBase = {
    get csrfToken() {
      return ctx.state.csrfToken();
    },
    currentPath: ctx.path,
  };
  await next();
}
