import type { ImageField, TextField } from '../../services/branding.js';

/** Labels and hints of the "Configure branding" fields. */
export const BRANDING_FIELD_TEXT: Record<TextField | ImageField, { label: string; hint: string }> = {
  name: { label: 'Branding name', hint: 'The product name in page titles and in authenticator apps. Plain text, up to 100 characters, no colon.' },
  welcomeText: { label: 'Login welcome text', hint: 'Shown on the login page as plain text, up to 1,000 characters.' },
  helpUrl: { label: 'Help link', hint: 'A web address starting with https:// or http://.' },
  accentColor: { label: 'Accent colour', hint: 'Buttons, links and the top bar, as #rrggbb (for example #1f5fbf).' },
  backgroundColor: { label: 'Background colour', hint: 'The page background, as #rrggbb (for example #f3f5f8).' },
  logoPublic: { label: 'Logo for the public pages', hint: 'Login and 2-Step Verification pages.' },
  logoPublicMobile: { label: 'Logo for the public pages (Mobile WebMail)', hint: 'When not set, the standard logo is used.' },
  logoPrivate: { label: 'Logo for the private pages', hint: 'Mailbox, settings and set-up pages.' },
  logoPrivateMobile: { label: 'Logo for the private pages (Mobile WebMail)', hint: 'When not set, the standard logo is used.' },
  favicon: { label: 'Favicon', hint: 'The small icon of the browser tab.' },
};

/** Other words of the branding screens. */
export const BRANDING_TEXT = {
  serverTitle: 'Server default branding',
  domainTitle: (domain: string) => `Configure branding: ${domain}`,
  saved: 'The branding was saved. Pages show it within a few seconds.',
  fixErrors: 'Nothing was saved. Correct the fields marked below.',
  previewReady: 'This is a preview of the values below; nothing is saved yet.',
  unreadable: 'This value could not be read. Type it again.',
  productDefault: 'the product default',
  noImage: 'none (the branding name is shown)',
  noValue: 'none',
  imageLimit: (kb: number) => `PNG, JPEG or WebP, at most ${kb} KB.`,
  iconLimit: (kb: number) => `PNG, JPEG, WebP or ICO, at most ${kb} KB.`,
  pixelLimit: (pixels: number) => `${Math.floor(Math.sqrt(pixels))} × ${Math.floor(Math.sqrt(pixels))} pixels`,
  fileTooLarge: (kb: number) => `The file is larger than ${kb} KB.`,
  uploadTooLarge: (label: string, kb: number) => `${label}: the file is larger than allowed (at most ${kb} KB). Nothing was saved.`,
  previewAddress: (domain: string | null) => `alice@${domain ?? 'example.com'}`,
};
