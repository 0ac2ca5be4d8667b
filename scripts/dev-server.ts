// Runs the real Tessera server through its command line (server/cli.ts, the same thing as `npm run server --`),
// as an operator would: `start` as a child process whose output goes to a log file, `create-admin` to completion.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = fileURLToPath(new URL('../server/cli.ts', import.meta.url));
const READY = /Tessera server ready at (https?:\/\/[^\s"]+)/;

export interface DevServerOptions {
  /** `--data`: keys and the SQLite database. */
  readonly dataDir: string;
  readonly port: number;
  /** `--url`: the public base URL (setup links, JWT issuer). */
  readonly url: string;
  /** `--smtp`, e.g. the dev mailbox. */
  readonly smtpUrl?: string;
  /** Everything the server prints goes here (it logs JSON lines). */
  readonly logFile: string;
  /** Give up waiting for the ready line after this long (the first start generates an RSA 4096 key). */
  readonly readyTimeoutMs?: number;
  /** Told about the process as soon as it exists, so a caller interrupted during start-up can still stop it. */
  readonly onSpawn?: (child: ChildProcess) => void;
}

export interface DevServer {
  /** The address from the ready line. */
  readonly listening: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) once the process has ended. */
  readonly exited: Promise<number | null>;
  /** SIGTERM, the server's clean shutdown; SIGKILL if it has not ended after `graceMs`. */
  stop(graceMs?: number): Promise<number | null>;
}

/** The command line arguments of `start`, exactly as documented in the README. */
export function startArguments(options: Pick<DevServerOptions, 'dataDir' | 'port' | 'url' | 'smtpUrl'>): string[] {
  const args = ['start', '--data', options.dataDir, '--port', String(options.port), '--url', options.url];
  if (options.smtpUrl) args.push('--smtp', options.smtpUrl);
  return args;
}

function spawnCli(args: string[]): ChildProcess {
  // `node --import tsx server/cli.ts` is what `npm run server --` runs, without an npm process in between that
  // would have to pass our SIGTERM on.
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const log: WriteStream = createWriteStream(options.logFile, { flags: 'a', mode: 0o600 });
  const child = spawnCli(startArguments(options));
  options.onSpawn?.(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    log.end();
    resolve(code);
  }));
  let output = '';
  const listening = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`The server did not report ready within ${(options.readyTimeoutMs ?? 180_000) / 1000} s. Its log: ${options.logFile}`));
    }, options.readyTimeoutMs ?? 180_000);
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      if (output.length < 64_000) output += chunk.toString();
      const match = READY.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`The server stopped before it was ready (exit code ${code}):\n${lastLines(output, 15)}`));
    });
  });
  return {
    listening: listening.replace(/\/+$/, ''),
    child,
    exited,
    async stop(graceMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        const code = await exited;
        clearTimeout(timer);
        return code;
      }
      return exited;
    },
  };
}

export interface AdminToCreate {
  readonly dataDir: string;
  readonly url: string;
  readonly username: string;
  readonly firstName: string;
  readonly lastName: string;
  /** `--db`, when the server does not use the default SQLite file in the data folder. */
  readonly db?: string;
}

/** `create-admin`: registers an administrator and returns the setup link it prints. */
export async function createAdminWithCli(admin: AdminToCreate): Promise<string> {
  const args = ['create-admin', '--data', admin.dataDir, '--url', admin.url, '--username', admin.username,
    '--first-name', admin.firstName, '--last-name', admin.lastName];
  if (admin.db) args.push('--db', admin.db);
  const child = spawnCli(args);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`create-admin failed (exit code ${code}): ${stderr.trim()}`);
  const link = /(https?:\/\/\S+\/setup\/start\/\S+)/.exec(stdout)?.[1];
  if (!link) throw new Error('create-admin printed no setup link.');
  return link;
}
