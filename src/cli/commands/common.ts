import { usage } from '../grammar.js';
import { table } from '../format.js';
import type { CliCommand, Frame } from '../state.js';
import { S } from '../strings.js';
import { productVersionLine } from '../version.js';

/** HELP: the commands of the current context with one line each. */
export const HELP: CliCommand = {
  words: ['HELP'],
  help: 'lists the commands of this context',
  async run(state) {
    const rows = state.commands().map((command) => [usage(command), command.help]);
    return { body: table(['command', 'what it does'], rows), ok: S.help };
  },
};

/** GET VERSION: one `VERSION|OS|ARCH` line. */
export const GET_VERSION: CliCommand = {
  words: ['GET', 'VERSION'],
  help: 'prints VERSION|OS|ARCH',
  async run() {
    return { body: [productVersionLine()], ok: S.version };
  },
};

const quit = (word: string): CliCommand => ({
  words: [word],
  help: 'ends the session (staged changes are discarded)',
  async run(state) {
    state.reset();
    return { ok: S.bye, close: true };
  },
});

/** EXIT and QUIT: end the session. */
export const EXIT_COMMANDS: readonly CliCommand[] = [quit('EXIT'), quit('QUIT')];

function stagedCount(frame: Frame): number {
  switch (frame.kind) {
    case 'domain':
      return frame.changes.length;
    case 'account':
    case 'accountClass':
      return frame.changes.length + (frame.isNew ? 1 : 0);
    default:
      return frame.value === undefined ? 0 : 1;
  }
}

/** BACK: leaves the current context, discarding what it staged. */
export const BACK: CliCommand = {
  words: ['BACK'],
  help: 'returns to the parent context, discarding the changes staged here',
  async run(state) {
    const frame = state.pop();
    return { ok: S.discarded(frame ? stagedCount(frame) : 0) };
  },
};
