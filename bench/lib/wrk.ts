import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What one wrk run reports. */
export interface WrkResult {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
  /** wrk's whole report, with whatever its script's `done` wrote. */
  output: string;
}

function toMs(value: string): number {
  const match = value.match(/^([\d.]+)(us|ms|s)$/);
  if (!match) return NaN;
  const n = Number(match[1]);
  return match[2] === 'us' ? n / 1000 : match[2] === 's' ? n * 1000 : n;
}

/** Runs wrk (from Debian's package) against `url` and parses its summary. */
export async function runWrk(url: string, opts: { connections?: number; threads?: number; seconds?: number; script?: string; headers?: string[]; timeoutSeconds?: number } = {}): Promise<WrkResult> {
  const args = ['-t', String(opts.threads ?? 2), '-c', String(opts.connections ?? 32), '-d', `${opts.seconds ?? 10}s`, '--latency'];
  // wrk gives up on a request after 2 s by default and leaves it out of the figures.
  if (opts.timeoutSeconds) args.push('--timeout', `${opts.timeoutSeconds}s`);
  if (opts.script) args.push('-s', opts.script);
  for (const header of opts.headers ?? []) args.push('-H', header);
  const { stdout: out } = await run('wrk', [...args, url], { encoding: 'utf8' });
  const rps = Number(out.match(/Requests\/sec:\s+([\d.]+)/)?.[1]);
  const p50 = toMs(out.match(/\s50%\s+(\S+)/)?.[1] ?? '');
  const p99 = toMs(out.match(/\s99%\s+(\S+)/)?.[1] ?? '');
  const non2xx = Number(out.match(/Non-2xx or 3xx responses:\s+(\d+)/)?.[1] ?? 0);
  return { requestsPerSecond: rps, latencyP50Ms: p50, latencyP99Ms: p99, non2xx, output: out };
}
