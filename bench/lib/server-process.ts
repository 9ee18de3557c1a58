import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project folder. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A production server (the build, `node dist/src/main.js`) running in its own process. */
export interface ServerProcess {
  url: string;
  pid: number;
  /** Resident memory of the server process in KiB, read from /proc. */
  rssKiB(): number;
  /** CPU time the server process has used so far (user and system), in ms, read from /proc. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** Builds the project once (tsc) so the benchmark measures what `npm start` runs. */
export function buildOnce(): void {
  execFileSync('npx', ['tsc', '-b', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
}

/** Starts the built server on `port` with the given environment (and Node flags, e.g. `--cpu-prof`) and waits until it answers. */
export async function startServerProcess(env: Record<string, string>, port: number, nodeArgs: string[] = []): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'dist/src/main.js')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), CLI_PORT: '0', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  // Up to a minute: a start on a busy machine can be slow.
  for (let i = 0; i < 600; i++) {
    try {
      const response = await fetch(url + '/login');
      if (response.status < 500) break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    pid: child.pid!,
    rssKiB() {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? NaN);
    },
    cpuMs() {
      // Fields 14 and 15 of /proc/<pid>/stat, after the command name in brackets: user and system time in clock ticks (100 a second).
      const fields = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
