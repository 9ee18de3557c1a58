import type { Context } from 'koa';
import type { SharedPage } from '../shared-pages.js';
import { sendPage, type Views } from '../render.js';
import { DESKTOP_PATHS, MOBILE_PATHS, type WebmailPaths } from './paths.js';

/** Route names of one interface's screens (templates link with `url(routes.mail)`). */
export interface RouteNames {
  home: string;
  login: string;
  challenge: string;
  recovery: string;
  /** The challenge's security-key answer, and the options its script fetches first. */
  securityKey: string;
  securityKeyOptions: string;
  logout: string;
  mail: string;
  message: string;
  setup: string;
  /** The folder list (the mobile start page of mail). */
  folders: string;
  attachment: string;
  messageSource: string;
  compose: string;
  mailActions: string;
  emptyTrash: string;
}

/** One WebMail interface: standard or mobile. The same rules serve both; only paths, names and templates differ. */
export interface Flavour {
  mobile: boolean;
  paths: WebmailPaths;
  routes: RouteNames;
  /** Template of each screen. */
  views: { login: string; challenge: string; mail: string; message: string; logout: string; folders: string; compose: string; unavailable: string };
}

/** The standard (desktop) WebMail. The set-up entry `setup` at /setup is reserved for the pairing flow. */
export const DESKTOP: Flavour = {
  mobile: false,
  paths: DESKTOP_PATHS,
  routes: {
    home: 'home',
    login: 'login',
    challenge: 'challenge',
    recovery: 'challengeRecovery',
    securityKey: 'challengeSecurityKey',
    securityKeyOptions: 'challengeSecurityKeyOptions',
    logout: 'logout',
    mail: 'mail',
    message: 'message',
    setup: 'setup',
    folders: 'mailFolders',
    attachment: 'attachment',
    messageSource: 'messageSource',
    compose: 'compose',
    mailActions: 'mailActions',
    emptyTrash: 'emptyTrash',
  },
  views: {
    login: 'webmail/login.njk',
    challenge: 'webmail/challenge.njk',
    mail: 'webmail/mail.njk',
    message: 'webmail/message.njk',
    logout: 'webmail/logout.njk',
    folders: 'webmail/folders.njk',
    compose: 'webmail/compose.njk',
    unavailable: 'webmail/unavailable.njk',
  },
};

/** Mobile WebMail under /m: lighter templates, no 2-Step Verification options. */
export const MOBILE: Flavour = {
  mobile: true,
  paths: MOBILE_PATHS,
  routes: {
    home: 'mobileHome',
    login: 'mobileLogin',
    challenge: 'mobileChallenge',
    recovery: 'mobileChallengeRecovery',
    securityKey: 'mobileChallengeSecurityKey',
    securityKeyOptions: 'mobileChallengeSecurityKeyOptions',
    logout: 'mobileLogout',
    mail: 'mobileMail',
    message: 'mobileMessage',
    setup: 'mobileSetup',
    folders: 'mobileMailFolders',
    attachment: 'mobileAttachment',
    messageSource: 'mobileMessageSource',
    compose: 'mobileCompose',
    mailActions: 'mobileMailActions',
    emptyTrash: 'mobileEmptyTrash',
  },
  views: {
    login: 'mobile/login.njk',
    challenge: 'mobile/challenge.njk',
    mail: 'mobile/mail.njk',
    message: 'mobile/message.njk',
    logout: 'mobile/logout.njk',
    folders: 'mobile/folders.njk',
    compose: 'mobile/compose.njk',
    unavailable: 'mobile/unavailable.njk',
  },
};

/** Renders a screen of `flavour` with its route names in the model as `routes`. */
export function sendScreen(ctx: Context, views: Views, flavour: Flavour, template: keyof Flavour['views'], model: Record<string, unknown>, status = 200, shared?: SharedPage): void {
  sendPage(ctx, views, flavour.views[template], { routes: flavour.routes, ...model }, status, shared);
}
