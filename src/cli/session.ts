import { hasControlCharacters } from '../core/control-characters.js';
import { SecretUnreadableError } from '../core/secret-box.js';
import { isDatabaseUnavailable } from '../services/availability.js';
import type { Logger } from '../logger.js';
import type { AdminRecord } from '../services/admins.js';
import type { ServiceContext } from '../services/context.js';
import { ServiceError } from '../services/errors.js';
import { ALL_COMMANDS, CONTEXT_COMMANDS } from './commands/index.js';
import { EXIT_COMMANDS, GET_VERSION, HELP } from './commands/common.js';
import { clip, matchCommand, startsWithWords } from './grammar.js';
import { MAX_LINE_BYTES, type LineEvent } from './line-splitter.js';
import { checkCliCode, checkCliPassword } from './login.js';
import { CliError, CliState, type CliCommand, type Reply } from './state.js';
import { S } from './strings.js';
import { tokenize } from './tokenizer.js';

/** Wrong passwords (or codes) after which the connection is closed. */
export const MAX_LOGIN_FAILURES = 3;

/** What a session needs: the services, a logger for unexpected failures, and who is on the other end. */
export interface CliSessionOptions {
  services: ServiceContext;
  logger: Logger;
  /** The client's address, for the audit log and login throttling; null for the local transport. */
  peer: string | null;
  /** Already logged in under this name (the local transport); otherwise USER and a password are needed. */
  loggedInAs?: string;
}

/** What to write back: the reply's lines, then the prompt, or null when the session ends. */
export interface CliOutput {
  lines: string[];
  prompt: string | null;
}

type Stage = { kind: 'login' } | { kind: 'password'; name: string } | { kind: 'code'; admin: AdminRecord } | { kind: 'ready' };

const USER: CliCommand = {
  words: ['USER'],
  args: [{ kind: 'value', name: 'name' }],
  help: 'starts the login; the password is asked next',
  async run() {
    return { ok: S.passwordPrompt };
  },
};

const LOGIN_COMMANDS: readonly CliCommand[] = [USER, GET_VERSION, HELP, ...EXIT_COMMANDS];

const LOGIN_PROMPT = '<login> ';
const PASSWORD_PROMPT = '<password> ';
const CODE_PROMPT = '<code> ';

/** One CLI conversation, whatever the transport: feed it lines, write back what it answers. */
export class CliSession {
  private stage: Stage;
  private failures = 0;
  private readonly state: CliState;

  /** A session waiting for USER, or logged in already when `loggedInAs` is given. */
  constructor(private readonly options: CliSessionOptions) {
    const name = options.loggedInAs;
    this.stage = name === undefined ? { kind: 'login' } : { kind: 'ready' };
    this.state = new CliState(options.services, { kind: 'cli', name: name ?? '', ip: options.peer }, () =>
      this.stage.kind === 'ready' ? CONTEXT_COMMANDS[this.state.context] : LOGIN_COMMANDS,
    );
  }

  /** The welcome line and the first prompt. */
  welcome(): CliOutput {
    return { lines: [this.stage.kind === 'ready' ? S.welcomeLocal(this.state.actor.name) : S.welcome], prompt: this.prompt() };
  }

  /** A line the transport could not read (too long, not UTF-8): refused, the session goes on. */
  refuse(message: string): CliOutput {
    return this.err(message);
  }

  /** Answers one line (without its line ending). Never throws. */
  async handle(line: string): Promise<CliOutput> {
    // A NUL or an escape sequence reaches neither the database nor the audit log; the stage stays.
    if (hasControlCharacters(line, 'cli')) return this.err(S.controlCharacters);
    try {
      return await this.dispatch(line);
    } catch (err) {
      if (err instanceof CliError || err instanceof ServiceError) return this.err(err.message);
      if (err instanceof SecretUnreadableError) {
        this.options.logger.error(`CLI command refused: ${err.message}`);
        return this.err(S.keyUnreadable);
      }
      if (isDatabaseUnavailable(err)) {
        this.options.logger.warn(`CLI command: database unavailable (${(err as Error).message})`);
        return this.err(S.databaseUnavailable);
      }
      this.options.logger.error('CLI command failed', err);
      return this.err(S.internal);
    }
  }

  private prompt(): string {
    switch (this.stage.kind) {
      case 'login':
        return LOGIN_PROMPT;
      case 'password':
        return PASSWORD_PROMPT;
      case 'code':
        return CODE_PROMPT;
      case 'ready':
        return this.state.prompt();
    }
  }

  private err(message: string, close = false): CliOutput {
    return { lines: [`-ERR: ${message}`], prompt: close ? null : this.prompt() };
  }

  private ok(reply: Reply): CliOutput {
    return { lines: [...(reply.body ?? []), `+OK: ${reply.ok}`], prompt: reply.close ? null : this.prompt() };
  }

  private async dispatch(line: string): Promise<CliOutput> {
    if (this.stage.kind === 'password' || this.stage.kind === 'code') {
      // At these prompts QUIT or EXIT leaves without counting a failure, and an empty line is no answer.
      const typed = line.trim();
      if (/^(quit|exit)$/i.test(typed)) return this.ok({ ok: S.bye, close: true });
      if (!typed) return this.err(this.stage.kind === 'password' ? S.passwordMissing : S.codeMissing);
      return this.stage.kind === 'password' ? this.password(this.stage.name, line) : this.code(this.stage.admin, line);
    }
    const read = tokenize(line);
    if (!read.ok) return this.err(read.message);
    const tokens = read.tokens;
    if (tokens.length === 0) return { lines: [], prompt: this.prompt() };
    const ready = this.stage.kind === 'ready';
    if (ready && startsWithWords(tokens, USER)) return this.err(S.alreadyLoggedIn);
    const match = matchCommand(tokens, ready ? CONTEXT_COMMANDS[this.state.context] : LOGIN_COMMANDS);
    if (match.kind === 'invalid') return this.err(match.message);
    if (match.kind === 'matched') {
      const reply = await match.spec.run(this.state, match.values);
      if (match.spec === USER) this.stage = { kind: 'password', name: match.values.name };
      return this.ok(reply);
    }
    const elsewhere = ALL_COMMANDS.filter((command) => startsWithWords(tokens, command)).sort((a, b) => b.words.length - a.words.length)[0];
    if (!elsewhere) return this.err(S.unknownCommand(clip(tokens.slice(0, 2).map((token) => token.text).join(' '))));
    return this.err(ready ? S.wrongContext(elsewhere.words.join(' '), this.prompt()) : S.loginFirst);
  }

  private async password(name: string, password: string): Promise<CliOutput> {
    this.stage = { kind: 'login' };
    const step = await checkCliPassword(this.options.services, name, password, this.options.peer ?? 'local');
    if (step.kind === 'refused') return this.failed(step.message, step.counts, false);
    this.state.actor = { kind: 'cli', name: step.admin.name, ip: this.options.peer };
    if (step.kind === 'code') {
      this.stage = { kind: 'code', admin: step.admin };
      return this.ok({ ok: S.codePrompt });
    }
    this.stage = { kind: 'ready' };
    return this.ok({ ok: S.loggedIn });
  }

  private async code(admin: AdminRecord, typed: string): Promise<CliOutput> {
    const step = await checkCliCode(this.options.services, admin, typed, this.state.actor);
    if (step.kind === 'in') {
      this.stage = { kind: 'ready' };
      return this.ok({ ok: S.loggedIn });
    }
    return this.failed(step.message, true, step.final);
  }

  private failed(message: string, counts: boolean, final: boolean): CliOutput {
    if (counts) this.failures++;
    if (final || this.failures >= MAX_LOGIN_FAILURES) {
      return this.err(final ? message : S.loginFailedClosing, true);
    }
    return this.err(message);
  }
}

/** The session's answer to what a transport read: a line, or a line it could not read. */
export function answerEvent(session: CliSession, event: LineEvent): Promise<CliOutput> {
  if (event.kind === 'line') return session.handle(event.text);
  return Promise.resolve(session.refuse(event.kind === 'tooLong' ? S.lineTooLong(MAX_LINE_BYTES) : S.notUtf8));
}

/** An answer as text: each line followed by `eol`, then the prompt. */
export function renderOutput(output: CliOutput, eol: string): string {
  return output.lines.map((line) => line + eol).join('') + (output.prompt ?? '');
}
