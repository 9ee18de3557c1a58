/**
 * What a kind of text may hold besides printable characters: one `line` of a form field, nothing;
 * `multiline` text (a textarea), tab, CR and LF; a `cli` command line, tab (a separator there),
 * and not the C1 controls either, which some terminals obey.
 */
export type TextKind = 'line' | 'multiline' | 'cli';

// C0 controls and DEL, less what each kind allows.
const REFUSED: Record<TextKind, RegExp> = {
  line: /[\x00-\x1f\x7f]/,
  multiline: /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/,
  cli: /[\x00-\x08\x0a-\x1f\x7f-\x9f]/,
};

/** True when `text` holds a control character (NUL, ESC, DEL, …) that text of `kind` may not hold. */
export function hasControlCharacters(text: string, kind: TextKind): boolean {
  return REFUSED[kind].test(text);
}
