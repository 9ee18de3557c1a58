import { hasControlCharacters } from '../core/control-characters.js';
import { S } from './strings.js';

/** One word of a command line; `quoted` words are always values, never keywords. */
export interface Token {
  text: string;
  quoted: boolean;
}

/** The words of a line, or why it cannot be read. */
export type TokenizeResult = { ok: true; tokens: Token[] } | { ok: false; message: string };


/**
 * Splits a command line into words: separated by spaces or tabs; a double-quoted word keeps its
 * spaces, and inside it `\"` is a quote and `\\` a backslash.
 */
export function tokenize(line: string): TokenizeResult {
  // Tab is a separator; every other C0 control, DEL and the C1 controls have no business in a command.
  if (hasControlCharacters(line, 'cli')) return { ok: false, message: S.controlCharacters };
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i];
    if (ch === ' ' || ch === '\t') {
      i++;
    } else if (ch === '"') {
      const read = readQuoted(line, i + 1);
      if (!read.ok) return read;
      tokens.push({ text: read.text, quoted: true });
      i = read.end;
      if (i < line.length && line[i] !== ' ' && line[i] !== '\t') {
        return { ok: false, message: `Unexpected text right after a closing quote (column ${i + 1}); put a space between values.` };
      }
    } else {
      let end = i;
      while (end < line.length && line[end] !== ' ' && line[end] !== '\t') {
        if (line[end] === '"') {
          return { ok: false, message: `A quote inside a word (column ${end + 1}); put the whole value in double quotes and write \\" for a quote.` };
        }
        end++;
      }
      tokens.push({ text: line.slice(i, end), quoted: false });
      i = end;
    }
  }
  return { ok: true, tokens };
}

function readQuoted(line: string, start: number): { ok: true; text: string; end: number } | { ok: false; message: string } {
  let text = '';
  let i = start;
  while (i < line.length) {
    const ch = line[i];
    if (ch === '"') return { ok: true, text, end: i + 1 };
    if (ch === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) {
      text += line[i + 1];
      i += 2;
    } else {
      text += ch;
      i++;
    }
  }
  return { ok: false, message: `The quoted value starting at column ${start} has no closing quote.` };
}

/** True when `token` is the keyword `word` (case-insensitive; quoted words never are). */
export function isKeyword(token: Token | undefined, word: string): boolean {
  return token !== undefined && !token.quoted && token.text.toLowerCase() === word.toLowerCase();
}

/** Splits a script given on one line into commands at each `;` outside double quotes; empty commands are dropped. */
export function splitCommands(script: string): string[] {
  const commands: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < script.length; i++) {
    const ch = script[i];
    if (quoted && ch === '\\' && i + 1 < script.length) {
      current += ch + script[++i];
    } else if (ch === '"') {
      quoted = !quoted;
      current += ch;
    } else if (ch === ';' && !quoted) {
      commands.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  commands.push(current);
  return commands.map((command) => command.trim()).filter(Boolean);
}
