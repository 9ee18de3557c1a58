import { LineSplitter, MAX_LINE_BYTES, type LineEvent } from './line-splitter.js';
import { answerEvent, renderOutput, type CliSession } from './session.js';

/** How a local run went: how many commands were refused. */
export interface LocalRunResult {
  errors: number;
}

/** Lines of a byte stream (a file or standard input), read the same way the TCP service reads them. */
export async function* streamLines(stream: AsyncIterable<Buffer | string>): AsyncGenerator<LineEvent> {
  const splitter = new LineSplitter();
  for await (const chunk of stream) yield* splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  yield* splitter.end();
}

/** Commands given as text (arguments, or typed at an interactive prompt), held to the same length limit. */
export function* textLines(commands: Iterable<string>): Generator<LineEvent> {
  for (const text of commands) yield Buffer.byteLength(text) > MAX_LINE_BYTES ? { kind: 'tooLong' } : { kind: 'line', text };
}

/**
 * Runs commands through a session, writing exactly what a TCP client would read (welcome, replies,
 * prompts; LF line endings). Lines starting with `#` are comments. Stops at EXIT or QUIT.
 */
export async function runLocal(session: CliSession, lines: AsyncIterable<LineEvent> | Iterable<LineEvent>, write: (text: string) => void): Promise<LocalRunResult> {
  let errors = 0;
  write(renderOutput(session.welcome(), '\n'));
  for await (const event of lines) {
    if (event.kind === 'line' && /^\s*#/.test(event.text)) continue;
    const output = await answerEvent(session, event);
    if (output.lines[output.lines.length - 1]?.startsWith('-ERR:')) errors++;
    write(renderOutput(output, '\n'));
    if (output.prompt === null) return { errors };
  }
  write('\n');
  return { errors };
}
