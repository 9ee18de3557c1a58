import type { CliCommand, ContextName } from '../state.js';
import { ACCOUNT_COMMANDS } from './account.js';
import { CLASS_COMMANDS } from './account-class.js';
import { BACK, EXIT_COMMANDS, GET_VERSION, HELP } from './common.js';
import { DOMAIN_COMMANDS } from './domain.js';
import { DEFAULT_LIMITS_COMMANDS, LIMITS_COMMANDS } from './limits.js';
import { ROOT_COMMANDS } from './root.js';

const nested = (commands: readonly CliCommand[]): readonly CliCommand[] => [...commands, BACK, HELP, ...EXIT_COMMANDS];

/** The commands of each context, as HELP lists them. */
export const CONTEXT_COMMANDS: Readonly<Record<ContextName, readonly CliCommand[]>> = {
  root: [...ROOT_COMMANDS, GET_VERSION, HELP, ...EXIT_COMMANDS],
  domain: nested(DOMAIN_COMMANDS),
  accountDefaultLimits: nested(DEFAULT_LIMITS_COMMANDS),
  accountClass: nested(CLASS_COMMANDS),
  accountClassLimits: nested(LIMITS_COMMANDS),
  account: nested(ACCOUNT_COMMANDS),
  accountLimits: nested(LIMITS_COMMANDS),
};

/** Every command of any context (to tell a command from the wrong context from an unknown one). */
export const ALL_COMMANDS: readonly CliCommand[] = Object.values(CONTEXT_COMMANDS).flat();
