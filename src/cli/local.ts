import fs from 'node:fs';
import readline from 'node:readline';
import { systemClock } from '../clock.js';
import { ConfigError, loadConfig } from '../config.js';
import { consoleLogger } from '../logger.js';
import { openServiceContext } from '../open-service-context.js';
import { withGeneratedSecrets } from '../secrets-file.js';
import { runLocal, streamLines, textLines } from './local-runner.js';
import { answerEvent, CliSession } from './session.js';
import { splitCommands } from './tokenizer.js';

// `npm run cli`: the CLI interpreter over the configured database, logged in as the local operator.
// Works whether or not the server runs (SQLite in WAL mode, or PostgreSQL, take both).

const USAGE = `Usage:
  npm run --silent cli                        interactive prompt (or commands from standard input when piped)
  npm run --silent cli -- 'CMD; CMD; ...'     the arguments, joined by spaces, are commands separated by ;
  npm run --silent cli -- -f script.txt       one command per line; lines starting with # are comments
Exit code: 0 when every command answered +OK, 1 when one answered -ERR or the configuration is wrong, 2 on bad usage.`;

/** The operator name the local CLI acts as in the audit log. */
const LOCAL_OPERATOR = 'local';

type Source = { kind: 'args'; commands: string[] } | { kind: 'file'; path: string } | { kind: 'stdin' } | { kind: 'interactive' };

function sourceOf(argv: string[]): Source | null {
  if (argv[0] === '-h' || argv[0] === '--help') return null;
  if (argv[0] === '-f') return argv.length === 2 ? { kind: 'file', path: argv[1] } : null;
  if (argv.length > 0) return { kind: 'args', commands: splitCommands(argv.join(' ')) };
  return process.stdin.isTTY ? { kind: 'interactive' } : { kind: 'stdin' };
}

async function interactive(session: CliSession): Promise<void> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const welcome = session.welcome();
  for (const line of welcome.lines) console.log(line);
  rl.setPrompt(welcome.prompt ?? '');
  rl.prompt();
  for await (const typed of rl) {
    const [event] = textLines([typed]);
    const output = await answerEvent(session, event);
    for (const line of output.lines) console.log(line);
    if (output.prompt === null) break;
    rl.setPrompt(output.prompt);
    rl.prompt();
  }
  rl.close();
}

async function main(): Promise<number> {
  const source = sourceOf(process.argv.slice(2));
  if (!source) {
    console.error(USAGE);
    return process.argv[2] === '-h' || process.argv[2] === '--help' ? 0 : 2;
  }
  if (source.kind === 'file' && !fs.existsSync(source.path)) {
    console.error(`No such script file: ${source.path}`);
    return 2;
  }
  let config;
  try {
    config = withGeneratedSecrets(loadConfig(process.env)).config;
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      return 1;
    }
    throw err;
  }
  const { services, close } = await openServiceContext(config, systemClock);
  try {
    const session = new CliSession({ services, logger: consoleLogger, peer: null, loggedInAs: LOCAL_OPERATOR });
    if (source.kind === 'interactive') {
      await interactive(session);
      return 0;
    }
    const lines =
      source.kind === 'args' ? textLines(source.commands) : streamLines(source.kind === 'file' ? fs.createReadStream(source.path) : process.stdin);
    const result = await runLocal(session, lines, (text) => process.stdout.write(text));
    return result.errors > 0 ? 1 : 0;
  } finally {
    await close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error('The CLI could not run:', err instanceof Error ? err.message : err);
    process.exitCode = 1;
  },
);
