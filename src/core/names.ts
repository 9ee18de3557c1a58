/** Outcome of checking a name typed by a person. */
export type NameCheck = { ok: true; value: string } | { ok: false; message: string };

/** A domain name: lower-cased; labels of letters, digits and hyphens, at least two labels. */
export function checkDomainName(raw: string): NameCheck {
  const value = raw.trim().toLowerCase();
  const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
  const labels = value.split('.');
  if (value.length > 253 || labels.length < 2 || !labels.every((part) => label.test(part))) {
    return { ok: false, message: `"${raw}" is not a valid domain name (for example example.com).` };
  }
  return { ok: true, value };
}

/** An account name (the part before @): lower-cased letters, digits, dot, hyphen, underscore, plus. */
export function checkAccountName(raw: string): NameCheck {
  const value = raw.trim().toLowerCase();
  if (!/^[a-z0-9](?:[a-z0-9._+-]{0,62}[a-z0-9_+-])?$/.test(value) || value.includes('..')) {
    return { ok: false, message: `"${raw}" is not a valid account name: use letters, digits, dots, hyphens and underscores, up to 64 characters.` };
  }
  return { ok: true, value };
}

/** An account class name: letters, digits, dot, hyphen, underscore; case kept. */
export function checkClassName(raw: string): NameCheck {
  const value = raw.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(value)) {
    return { ok: false, message: `"${raw}" is not a valid class name: use letters, digits, dots, hyphens and underscores, up to 64 characters.` };
  }
  return { ok: true, value };
}

/** Shortest and longest password accepted. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

/** A new password: 8 to 256 characters. Answers an error message or null. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN) return `The password must have at least ${PASSWORD_MIN} characters.`;
  if (password.length > PASSWORD_MAX) return `The password must have at most ${PASSWORD_MAX} characters.`;
  return null;
}

/** Splits `alice@example.com` into its parts (lower case); null when it is not an address. */
export function splitAddress(raw: string): { name: string; domain: string } | null {
  const at = raw.lastIndexOf('@');
  if (at <= 0 || at === raw.length - 1) return null;
  return { name: raw.slice(0, at).trim().toLowerCase(), domain: raw.slice(at + 1).trim().toLowerCase() };
}
