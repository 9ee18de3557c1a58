import type { Context, Next } from 'koa';
import { accountById, type AccountRecord } from '../../services/accounts.js';
import { fullSessionBlocked } from '../../services/setup-grace.js';
import type { Actor } from '../../services/context.js';
import type { SessionEndReason } from '../../services/sessions.js';
import type { WebDeps } from '../deps.js';
import { sessionData } from '../session.js';
import type { SessionData, SessionEnd, SessionStage } from '../web-context.js';
import type { DomainSelector } from './domain-selection.js';
import { isUnder, pathsFor, WEBMAIL_PUBLIC_PREFIXES, type WebmailPaths } from './paths.js';

/** What a WebMail session holds once the password is checked (times in ms since the epoch). */
export type WebmailSessionData = SessionData & Required<Pick<SessionData, 'accountId' | 'stage' | 'createdAt' | 'seenAt'>>;

/** The text of the pending flash message, removed from the session as it is read. */
export function takeFlash(ctx: Context): string | null {
  const session = ctx.session;
  const flash = session?.flash?.text ?? null;
  if (session?.flash) delete session.flash;
  return flash;
}

/** The stage of this request's session, or anonymous. */
export function stageOf(ctx: Context): SessionStage | 'anonymous' {
  const stage = sessionData(ctx).stage;
  return ctx.state.account && stage ? stage : 'anonymous';
}

/** The signed-in (or password-verified) account; the gate guarantees it past the login pages. */
export function currentAccount(ctx: Context): AccountRecord {
  const account = ctx.state.account;
  if (!account) throw new Error('currentAccount() used on a route the gate does not protect');
  return account;
}

/** The audit-log actor for the account of this session, with the client address. */
export function userActor(ctx: Context): Actor {
  return { kind: 'user', name: currentAccount(ctx).address, ip: ctx.ip };
}

const END_OF_REASON: Record<SessionEndReason, SessionEnd> = { expired: 'expired', key_reset: 'reset', revoked: 'revoked' };

/** Why this request's session ended, when it did. */
function sessionEndOf(ctx: Context): SessionEnd | null {
  if (ctx.state.sessionEnd) return ctx.state.sessionEnd;
  const reason = ctx.state.sessionEndReason;
  return reason ? END_OF_REASON[reason] : ctx.state.sessionExpired ? 'expired' : null;
}

/** The page a session at `stage` belongs on, in the interface of `paths`. */
export function landingFor(stage: SessionStage | 'anonymous', paths: WebmailPaths, ended: SessionEnd | null = null): string {
  switch (stage) {
    case 'anonymous':
      return ended ? `${paths.login}?${ended}=1` : paths.login;
    case 'challenge':
      return paths.challenge;
    case 'setup':
      return paths.setup;
    case 'full':
      return paths.mail;
  }
}

function reachable(stage: SessionStage | 'anonymous', path: string, paths: WebmailPaths): boolean {
  if (path === paths.logout || WEBMAIL_PUBLIC_PREFIXES.some((prefix) => path.startsWith(prefix))) return true;
  switch (stage) {
    case 'anonymous':
      return path === paths.login || path === paths.home;
    case 'challenge':
      // The login page stays open so "Back to sign in" can abandon the pending login.
      return path === paths.login || isUnder(path, paths.challenge);
    case 'setup':
      // The standard interface's set-up flow lives under /setup; mobile only points to it.
      return isUnder(path, paths.setup);
    case 'full':
      return path !== paths.login && !isUnder(path, paths.challenge);
  }
}

/**
 * The WebMail gate: loads the session's account, sends an anonymous visitor to the login (for any
 * path `isPage` knows), keeps a password-only session on its challenge or set-up pages (GET or POST
 * alike, so nothing leaks), and brands signed-in pages for the account's own domain.
 */
export function webmailGate(deps: WebDeps, selector: DomainSelector, isPage: (path: string) => boolean) {
  return async (ctx: Context, next: Next) => {
    const session = sessionData(ctx);
    if (typeof session.accountId === 'number') {
      const account = await accountById(deps.services, session.accountId);
      if (account && session.stage === 'full' && fullSessionBlocked(account, deps.clock.now())) {
        // 2-Step Verification became mandatory while this session was open, or its grace period
        // ended: end it, so the next sign-in, with the password, leads into the set-up (an open
        // session alone may not pair).
        ctx.session = null;
        ctx.state.sessionEnd = 'required';
      } else if (account) {
        ctx.state.account = account;
      } else {
        ctx.session = null;
      }
    }
    const stage = stageOf(ctx);
    const paths = pathsFor(ctx.path);
    // An anonymous visitor asking for no page at all gets the 404 page, not the login.
    if (!reachable(stage, ctx.path, paths) && (stage !== 'anonymous' || isPage(ctx.path))) {
      ctx.status = 303;
      ctx.redirect(landingFor(stage, paths, sessionEndOf(ctx)));
      return;
    }
    const account = ctx.state.account;
    if (account && account.domainId !== ctx.state.domain?.id) {
      const own = await selector.forName(account.domainName);
      ctx.state.domain = own.domain;
      ctx.state.viewBase.brand = own.brand;
    }
    ctx.state.viewBase.signedInAddress = stage === 'full' ? account?.address : null;
    await next();
  };
}
