import { BRANDING_LIMITS, IMAGE_FIELDS, PRODUCT_NAME, TEXT_FIELDS, type BrandingField, type BrandingInput, type BrandingValues } from '../../services/branding.js';
import { MAX_FIELD_LENGTH } from '../forms.js';
import type { MultipartBody, MultipartError, MultipartLimits } from '../multipart.js';
import { BRANDING_FIELD_TEXT, BRANDING_TEXT } from './branding-strings.js';

/** Limits of the branding form: every image at its largest, plus the text fields. */
export const BRANDING_FORM_LIMITS: MultipartLimits = Object.freeze({
  totalBytes: IMAGE_FIELDS.length * BRANDING_LIMITS.imageBytes + 64 * 1024,
  fileBytes: BRANDING_LIMITS.imageBytes,
  fields: 40,
  files: IMAGE_FIELDS.length,
  fieldChars: MAX_FIELD_LENGTH,
});

/** Field problems of the form, by field name (`form` for the whole form). */
export type BrandingErrors = Partial<Record<BrandingField | 'form', string>>;

/** What the form sent, as the service takes it, plus the problems found while reading it. */
export interface ReadBranding {
  input: BrandingInput;
  /** The texts exactly as typed, to show again. */
  typed: Partial<Record<BrandingField, string>>;
  intent: 'save' | 'preview';
  errors: BrandingErrors;
}

/** Turns a parsed multipart body into a branding input; unreadable values become field errors. */
export function readBrandingForm(body: MultipartBody): ReadBranding {
  // undefined: not sent at all; null: sent but unreadable (repeated, too long or not UTF-8).
  const text = (name: string): string | null | undefined => {
    const value = body.fields[name];
    return typeof value === 'string' || value === undefined ? value : null;
  };
  const read: ReadBranding = { input: { texts: {}, uploads: {}, kept: {}, reset: new Set() }, typed: {}, intent: text('intent') === 'preview' ? 'preview' : 'save', errors: {} };
  const reset = new Set<BrandingField>();
  for (const field of [...TEXT_FIELDS, ...IMAGE_FIELDS]) if (text(`reset_${field}`)) reset.add(field);
  read.input.reset = reset;
  for (const field of TEXT_FIELDS) {
    const value = text(field);
    if (value === null) read.errors[field] = BRANDING_TEXT.unreadable;
    else if (value !== undefined) {
      read.input.texts[field] = value;
      read.typed[field] = value;
    }
  }
  for (const field of IMAGE_FIELDS) {
    const file = body.files[field];
    const kept = text(`kept_${field}`);
    if (file) read.input.uploads[field] = file.bytes;
    else if (kept) read.input.kept[field] = kept;
  }
  return read;
}

/**
 * What the form shows after a body that could not be read whole: what was read before, and the
 * problem — for a file over the limit, beside its field and naming it and the limit at the top.
 */
export function refusedUpload(err: MultipartError): ReadBranding {
  const { field, limitBytes, partial } = err.details;
  const read = readBrandingForm(partial ?? { fields: {}, files: {}, uploads: [] });
  const image = IMAGE_FIELDS.find((name) => name === field);
  read.input.uploads = {};
  if (image && limitBytes === BRANDING_LIMITS.imageBytes) {
    const kb = limitBytes / 1024;
    read.errors = { form: BRANDING_TEXT.uploadTooLarge(BRANDING_FIELD_TEXT[image].label, kb), [image]: BRANDING_TEXT.fileTooLarge(kb) };
  } else read.errors = { form: err.message };
  return read;
}

/** How one text field is shown: its value, what it inherits, its problem. */
export interface TextFieldView {
  name: string;
  label: string;
  hint: string;
  value: string;
  inherited: string;
  error: string | null;
  reset: boolean;
  multiline: boolean;
  maxLength: number;
}

/** How one image field is shown: the image set here, the one inherited, one sent but not saved. */
export interface ImageFieldView {
  name: string;
  label: string;
  hint: string;
  limit: string;
  currentUrl: string | null;
  inheritedUrl: string | null;
  keptHash: string | null;
  keptUrl: string | null;
  error: string | null;
  reset: boolean;
}

/** What the form shows for each field, from the stored values and what was typed. */
export interface BrandingFieldsSource {
  own: BrandingValues;
  /** What a field falls back to (the server default for a domain; nothing for the server). */
  inherited: BrandingValues;
  typed: Partial<Record<BrandingField, string>>;
  kept: Partial<Record<BrandingField, string>>;
  reset: ReadonlySet<BrandingField>;
  errors: BrandingErrors;
  /** URL of a stored image hash (null when it is not there). */
  urlOf(hash: string | null): string | null;
}

const MAX_LENGTHS: Record<(typeof TEXT_FIELDS)[number], number> = {
  name: BRANDING_LIMITS.name,
  welcomeText: BRANDING_LIMITS.welcomeText,
  helpUrl: BRANDING_LIMITS.helpUrl,
  accentColor: 7,
  backgroundColor: 7,
};

/** The fields of the branding form as the template shows them. */
export function brandingFields(source: BrandingFieldsSource): { texts: TextFieldView[]; images: ImageFieldView[] } {
  const kb = BRANDING_LIMITS.imageBytes / 1024;
  const texts = TEXT_FIELDS.map((field) => ({
    name: field,
    ...BRANDING_FIELD_TEXT[field],
    value: source.typed[field] ?? source.own[field] ?? '',
    inherited: source.inherited[field] ?? (field === 'name' ? PRODUCT_NAME : BRANDING_TEXT.noValue),
    error: source.errors[field] ?? null,
    reset: source.reset.has(field),
    multiline: field === 'welcomeText',
    maxLength: MAX_LENGTHS[field],
  }));
  const images = IMAGE_FIELDS.map((field) => {
    const keptHash = source.kept[field] ?? null;
    return {
      name: field,
      ...BRANDING_FIELD_TEXT[field],
      limit: field === 'favicon' ? BRANDING_TEXT.iconLimit(kb) : BRANDING_TEXT.imageLimit(kb),
      currentUrl: source.urlOf(source.own[field]),
      inheritedUrl: source.urlOf(source.inherited[field]),
      keptHash: keptHash && source.urlOf(keptHash) ? keptHash : null,
      keptUrl: source.urlOf(keptHash),
      error: source.errors[field] ?? null,
      reset: source.reset.has(field),
    };
  });
  return { texts, images };
}
