import { hasControlCharacters } from './control-characters.js';
import type { NameCheck } from './names.js';

/** Longest device name, in characters. */
export const DEVICE_NAME_MAX = 64;

/** The name an admin-provisioned key is listed under when none is given. */
export const PROVISIONED_DEVICE_NAME = 'Provisioned key';

/** Checks a device name ("Work phone"): trimmed, 1 to DEVICE_NAME_MAX characters, one line of printable text. */
export function checkDeviceName(raw: string): NameCheck {
  if (hasControlCharacters(raw, 'line')) return { ok: false, message: 'A device name cannot contain control characters.' };
  const value = raw.trim().replace(/ +/g, ' ');
  if (!value) return { ok: false, message: 'Give the device a name, such as "Work phone".' };
  if ([...value].length > DEVICE_NAME_MAX) return { ok: false, message: `A device name has at most ${DEVICE_NAME_MAX} characters.` };
  return { ok: true, value };
}
