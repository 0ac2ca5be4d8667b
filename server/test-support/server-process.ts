// Starts the real server as a child process (`node --import tsx server/cli.ts start`) on a free port, the way an
// operator runs it, and gives back its URL. Use `startServerInProcess` when a test needs no process boundary.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { installFixtureKeys } from './fixture-keys';
import { buildDeps, type BuildOptions, type Deps } from '../composition';
import { buildApp } from '../http/app';
import { configFromOptions } from '../config';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

export interface ServerProcessOptions {
  /** `--db`: a postgres:// URL or a SQLite file (TestDatabase.url). */
  db: string;
  smtp?: string;
  /** `--url`; by default the server uses its listening address. */
  url?: string;
  /** Extra environment (TESSERA_RATE_LIMITS, TESSERA_BODY_LIMIT, ...). */
  env?: Record<string, string>;
  /** Reuse a data folder (e.g. a second process sharing the first one's keys). */
  dataDir?: string;
  /** Generate keys at start like a real first start (slow: RSA 4096) instead of copying test keys. */
  freshKeys?: boolean;
}

export interface ServerProcess {
  /** The public URL (--url when given, else the listening address). */
  url: string;
  /** Where the process actually listens. */
  listenUrl: string;
  dataDir: string;
  db: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, wait for exit; removes the data folder if this helper created it. Returns the exit code. */
  stop(): Promise<number | null>;
  child: ChildProcess;
}

const READY = /Tessera server ready at (http:\/\/[^\s"]+)/;

/** Runs the CLI with `args` and the repo as working directory. */
export function spawnCli(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'server/cli.ts'), ...args], {
    cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs a CLI command to completion; rejects on a non-zero exit. */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  const child = spawnCli(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const code = await new Promise<number | null>((res) => child.on('exit', res));
  if (code !== 0) throw new Error(`tessera-server ${args[0]} exited with ${code}: ${stderr}`);
  return { stdout, stderr };
}

export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tessera-data-'));
  if (!options.freshKeys) await installFixtureKeys(dataDir);
  const args = ['start', '--data', dataDir, '--db', options.db, '--port', '0'];
  if (options.smtp) args.push('--smtp', options.smtp);
  if (options.url) args.push('--url', options.url);
  const child = spawnCli(args, { TESSERA_MAIL_POLL_MS: '200', TESSERA_MAIL_RETRY_MS: '300', ...options.env });
  // Kept as chunks and joined when asked for. A string grown with += and searched on every chunk is flattened
  // (copied whole) by each search: under load (an access line per request) that grew to 30-65% of a core in this
  // process, which the server benchmark pins to the load driver's and PostgreSQL's core.
  const chunks: string[] = [];
  const output = (): string => {
    if (chunks.length > 1) chunks.splice(0, chunks.length, chunks.join(''));
    return chunks[0] ?? '';
  };
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not start in time:\n${output()}`)), 90_000);
    let ready = false;
    const onData = (d: Buffer): void => {
      chunks.push(d.toString());
      if (ready) return;
      const m = READY.exec(output());
      if (m) { ready = true; clearTimeout(timer); res(m[1]!); }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); rej(new Error(`server exited (${code}) before ready:\n${output()}`)); });
  });
  const exited = new Promise<number | null>((res) => {
    if (child.exitCode !== null) res(child.exitCode);
    else child.on('exit', (code) => res(code));
  });
  return {
    url: options.url ?? url, listenUrl: url, dataDir, db: options.db, child,
    output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

export interface InProcessServer {
  url: string;
  deps: Deps;
  app: FastifyInstance;
  dataDir: string;
  stop(): Promise<void>;
}

/** The same app, listening in the test process: faster, and `deps` is reachable (clock, database, mail). */
export async function startServerInProcess(options: ServerProcessOptions & { build?: BuildOptions }): Promise<InProcessServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tessera-data-'));
  if (!options.freshKeys) await installFixtureKeys(dataDir);
  const env = { ...process.env, TESSERA_LOG_LEVEL: 'warn', TESSERA_MAIL_POLL_MS: '200', TESSERA_MAIL_RETRY_MS: '300', ...options.env };
  const config = configFromOptions({ data: dataDir, db: options.db, url: options.url, host: '127.0.0.1', port: '0', smtp: options.smtp }, env);
  const deps = await buildDeps(config, options.build);
  const app = await buildApp(deps);
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  if (!options.url) config.publicUrl = address;
  deps.mail.start();
  return {
    url: config.publicUrl, deps, app, dataDir,
    async stop() {
      await app.close();
      await deps.close();
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
