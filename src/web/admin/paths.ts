/** Where WebAdmin lives. */
export const ADMIN_PREFIX = '/admin';

/** The sign-in paths the gate lets a session reach before it is fully signed in. */
export const ADMIN_PATHS = {
  login: `${ADMIN_PREFIX}/login`,
  challenge: `${ADMIN_PREFIX}/login/challenge`,
  setup: `${ADMIN_PREFIX}/login/setup`,
  logout: `${ADMIN_PREFIX}/logout`,
} as const;

/** Cookie names of WebAdmin, scoped to /admin so WebMail never sees them. */
export const ADMIN_COOKIE = 'twostep.admin';
export const ADMIN_CSRF_COOKIE = 'twostep.admin.csrf';
