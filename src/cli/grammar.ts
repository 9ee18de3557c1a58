import { isKeyword, type Token } from './tokenizer.js';

/** An argument of a command: a value in place (optionally after a keyword), or a `key value` pair in any order. */
export type ArgSpec =
  | { kind: 'value'; name: string; keyword?: string; optional?: boolean }
  | { kind: 'pair'; key: string; optional?: boolean };

/** The shape of one command: its keywords, its arguments, and one line of help. */
export interface CommandSpec {
  /** Keywords as Axigen spells them, e.g. `['UPDATE', 'Domain']`; matched case-insensitively. */
  words: string[];
  args?: readonly ArgSpec[];
  /** Other `key value` pairs are accepted and ignored (Axigen options the product has no use for). */
  ignoresOtherPairs?: boolean;
  help: string;
}

/** A line matched to a command, with its argument values by name (pair values under their key). */
export type MatchResult<S extends CommandSpec> =
  | { kind: 'matched'; spec: S; values: Record<string, string> }
  | { kind: 'invalid'; spec: S; message: string }
  | { kind: 'none' };

/** How a command is written, for HELP and error messages: `UPDATE Domain [name] <name>`. */
export function usage(spec: CommandSpec): string {
  const parts = [...spec.words];
  for (const arg of spec.args ?? []) {
    if (arg.kind === 'pair') parts.push(arg.optional ? `[${arg.key} <${arg.key}>]` : `${arg.key} <${arg.key}>`);
    else if (arg.optional) parts.push(`[<${arg.name}>]`);
    else parts.push(arg.keyword ? `[${arg.keyword}] <${arg.name}>` : `<${arg.name}>`);
  }
  if (spec.ignoresOtherPairs) parts.push('[...]');
  return parts.join(' ');
}

/** True when the line starts with the command's keywords. */
export function startsWithWords(tokens: Token[], spec: CommandSpec): boolean {
  return tokens.length >= spec.words.length && spec.words.every((word, i) => isKeyword(tokens[i], word));
}

/** Finds the command the line names (the one with the most matching keywords) and reads its arguments. */
export function matchCommand<S extends CommandSpec>(tokens: Token[], specs: readonly S[]): MatchResult<S> {
  let best: S | null = null;
  for (const spec of specs) {
    if (startsWithWords(tokens, spec) && (!best || spec.words.length > best.words.length)) best = spec;
  }
  if (!best) return { kind: 'none' };
  const read = readArgs(tokens.slice(best.words.length), best);
  return typeof read === 'string' ? { kind: 'invalid', spec: best, message: `${read} Usage: ${usage(best)}` } : { kind: 'matched', spec: best, values: read };
}

function readArgs(rest: Token[], spec: CommandSpec): Record<string, string> | string {
  const values: Record<string, string> = {};
  const args = spec.args ?? [];
  let i = 0;
  for (const arg of args) {
    if (arg.kind !== 'value') continue;
    if (arg.keyword && isKeyword(rest[i], arg.keyword) && i + 1 < rest.length) i++;
    if (i >= rest.length) {
      if (arg.optional) continue;
      return `Missing the ${arg.name}.`;
    }
    values[arg.name] = rest[i].text;
    i++;
  }
  const pairs = args.filter((arg): arg is Extract<ArgSpec, { kind: 'pair' }> => arg.kind === 'pair');
  const seen = new Set<string>();
  for (; i < rest.length; i += 2) {
    const key = rest[i];
    const pair = key.quoted ? undefined : pairs.find((p) => p.key.toLowerCase() === key.text.toLowerCase());
    if (!pair && !(spec.ignoresOtherPairs && !key.quoted)) return `Unexpected "${clip(key.text)}".`;
    if (i + 1 >= rest.length) return `Missing a value after ${clip(key.text)}.`;
    const name = pair?.key ?? key.text.toLowerCase();
    if (seen.has(name)) return `${pair?.key ?? clip(key.text)} is given twice.`;
    seen.add(name);
    if (pair) values[pair.key] = rest[i + 1].text;
  }
  const missing = pairs.find((pair) => !pair.optional && !(pair.key in values));
  return missing ? `Missing ${missing.key}.` : values;
}

/** The first characters of a long value, for messages. */
export function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The argument of commands that name one object: `[name] <name>`. */
export const NAME_ARG: readonly ArgSpec[] = [{ kind: 'value', name: 'name', keyword: 'name' }];
