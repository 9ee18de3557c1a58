import type { PendingKeyCeremony } from '../core/key-ceremony.js';
import type { AccountRecord } from '../services/accounts.js';
import type { AdminRecord } from '../services/admins.js';
import type { DomainRecord } from '../services/domains.js';
import type { PendingPairing } from '../services/pairing.js';
import type { SessionEndReason } from '../services/sessions.js';
import type { BrandView } from './brand.js';
import type { MultipartBody } from './multipart.js';

// The one declaration of what Koa's `ctx.state` and koa-session's `ctx.session` hold in both areas,
// merged into Koa's own types below, so route modules read and write them without casts.

/** How far a session has come: password only, with the code ('challenge') or the set-up ('setup') pending, or fully signed in. */
export type SessionStage = 'challenge' | 'setup' | 'full';

/** A message kept in the session until the next page shows it. */
export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

/** Recovery codes just issued, as the session row keeps them: sealed under SECRET_KEY, never as text. */
export interface SealedCodes {
  sealed: string;
  /** ms since the epoch; past it they are no longer shown. */
  until: number;
  /** True for a regenerated set, false right after turning 2-Step Verification on. */
  regenerated: boolean;
}

/** What a WebMail or WebAdmin session holds (times in ms since the epoch); fields of one area only say so. */
export interface SessionData {
  createdAt?: number;
  seenAt?: number;
  stage?: SessionStage;
  /** WebMail: the account signed in (or whose password was checked). */
  accountId?: number;
  /** WebMail: signed in through Mobile WebMail. */
  mobile?: boolean;
  /** WebAdmin: the admin signed in (or whose password was checked). */
  adminId?: number;
  /** WebAdmin: where to go once fully signed in. */
  returnTo?: string;
  /** The message for the next page (after a 303). */
  flash?: Flash;
  /** WebMail: the message for the next Settings page. */
  settingsFlash?: Flash;
  /** A pairing started and not yet confirmed. */
  pairing?: PendingPairing;
  /** When the password was last entered again to turn on or revoke. */
  reverifiedAt?: number;
  /** Recovery codes waiting to be shown (and downloaded). */
  freshCodes?: SealedCodes;
  /** A security-key request (registration or sign-in) waiting for the browser's answer; used once. */
  keyCeremony?: PendingKeyCeremony;
}

/** koa-session's own members of `ctx.session`, beside the data. */
export interface SessionControls {
  readonly isNew?: boolean;
  /** The session id (the key of its row), once it has one. */
  readonly externalKey?: string;
  /** The data as stored. */
  toJSON(): Record<string, unknown>;
  /** Gives the session a new id, keeping its data; the old id stops working. */
  regenerate(): Promise<void> | undefined;
}

/** `ctx.session`: the data and koa-session's members; null once ended in this request. */
export type WebSession = SessionData & SessionControls;

/** What every page's template gets besides its own model (see view-base.ts and the area gates). */
export interface ViewBase {
  /** A fresh CSRF token for the page's forms. */
  readonly csrfToken: string;
  currentPath: string;
  brand?: BrandView | Readonly<Partial<BrandView>>;
  /** WebMail: the `domain` query parameter a page chosen by it keeps in its forms. */
  domainQuery?: string;
  /** WebMail: the address shown as signed in (fully signed-in pages only). */
  signedInAddress?: string | null;
  /** WebAdmin: the name shown as signed in (fully signed-in pages only). */
  signedInAdmin?: string | null;
  /** WebAdmin: the pending flash message, read when the page renders. */
  flash?: Flash | null;
}

/**
 * Why a WebMail session ended without its user signing out, as the login page's query says it:
 * timed out, set-up now required, the key reset or the devices revoked (by an administrator, or elsewhere).
 */
export type SessionEnd = 'expired' | 'required' | 'reset' | 'revoked';

/** What `ctx.state` holds during a request, in either area. */
export interface WebState {
  viewBase: ViewBase;
  /** Mints a CSRF token for a form (see csrf.ts). */
  csrfToken: () => string;
  /** The CSRF secret made during this request, before its cookie reaches the browser. */
  csrfSecret?: string;
  /** A multipart body whose CSRF token was accepted, still being read. */
  multipart?: Promise<MultipartBody>;
  /** WebAdmin: the admin of the session, loaded by the gate. */
  admin?: AdminRecord;
  /** WebMail: the account of the session, loaded by the gate. */
  account?: AccountRecord;
  /** WebMail: the domain the page is for (null: none chosen), and whose templates and branding it uses. */
  domain?: DomainRecord | null;
  /** This area's pages may use per-domain templates. */
  brandedTemplates?: boolean;
  /** The session cookie named a session that has run out. */
  sessionExpired?: boolean;
  /** Why the session the cookie named ended: it ran out, or an administrator ended it. */
  sessionEndReason?: SessionEndReason;
  /** WebMail: why the session was ended by the gate. */
  sessionEnd?: SessionEnd;
  /** The session row written in this request (id and data), so koa-session's second save is skipped. */
  savedSession?: string;
}

declare module 'koa' {
  interface DefaultState extends WebState {}
  interface DefaultContext {
    session: WebSession | null;
  }
}
