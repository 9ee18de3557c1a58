/** Where each WebMail screen lives, for the standard (`''`) or the mobile (`/m`) interface. */
export interface WebmailPaths {
  prefix: '' | '/m';
  home: string;
  login: string;
  /** The code challenge; its recovery-code mode lives below it. */
  challenge: string;
  logout: string;
  mail: string;
  /** Mandatory set-up: the pairing flow on the standard interface, a pointer to it on mobile. */
  setup: string;
}

function pathsUnder(prefix: '' | '/m'): WebmailPaths {
  return {
    prefix,
    home: prefix || '/',
    login: `${prefix}/login`,
    challenge: `${prefix}/login/verify`,
    logout: `${prefix}/logout`,
    mail: `${prefix}/mail`,
    setup: `${prefix}/setup`,
  };
}

/** The standard (desktop) WebMail. */
export const DESKTOP_PATHS = pathsUnder('');

/** Mobile WebMail. */
export const MOBILE_PATHS = pathsUnder('/m');

/** Paths anyone may fetch whatever their session: the stylesheet and branding images. */
export const WEBMAIL_PUBLIC_PREFIXES: readonly string[] = ['/static/', '/branding/'];

/** True when `path` is `base` itself or below it. */
export function isUnder(path: string, base: string): boolean {
  return path === base || path.startsWith(`${base}/`);
}

/** The interface a request path belongs to. */
export function pathsFor(path: string): WebmailPaths {
  return isUnder(path, MOBILE_PATHS.prefix) ? MOBILE_PATHS : DESKTOP_PATHS;
}
