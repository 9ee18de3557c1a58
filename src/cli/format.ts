/** Lines of a table as Axigen's LIST prints it: a header, a separator of dashes, then one row per item. */
export function table(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((header, col) => Math.max(header.length, ...rows.map((row) => (row[col] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, col) => cell.padEnd(widths[col]))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}

/** `key = value` lines, as SHOW prints an object. */
export function facts(entries: [string, string][]): string[] {
  return entries.map(([key, value]) => `${key} = ${value}`);
}

/** An instant (ms since the epoch) as ISO 8601 UTC to the second, or `-` when there is none. */
export function instant(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** yes / no. */
export function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

/** A regular expression for an Axigen wildcard: `*` any run of characters, `?` one character, the rest literal. */
export function wildcardPattern(wildcard: string): RegExp {
  const source = wildcard.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i');
}

/** The longest literal piece of a wildcard (to narrow a database search), or '' when there is none. */
export function wildcardLiteral(wildcard: string): string {
  return wildcard.split(/[*?]/).reduce((longest, piece) => (piece.length > longest.length ? piece : longest), '');
}
