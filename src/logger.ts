/** Where the product writes operational messages. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, err?: unknown): void;
}

/** Writes to standard output and standard error, one line per message. */
export const consoleLogger: Logger = {
  info: (message) => console.log(message),
  warn: (message) => console.warn(message),
  error: (message, err) => console.error(message, err instanceof Error ? err.stack ?? err.message : err ?? ''),
};

/** Keeps messages in memory (tests read them). */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(`info ${message}`),
    warn: (message) => lines.push(`warn ${message}`),
    error: (message, err) => lines.push(`error ${message} ${err instanceof Error ? err.message : String(err ?? '')}`),
  };
}
