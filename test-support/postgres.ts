// A throwaway PostgreSQL cluster on loopback for tests (initdb refuses root, hence runuser; fsync off).
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresHandle {
  url: string;
  /** The postmaster's process id (connections are served by processes it forks). */
  pid: number;
  stop(): Promise<void>;
}

function pgBin(): string {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql');
  const version = readdirSync(root).sort((a, b) => Number(a) - Number(b)).at(-1);
  return join(root, String(version), 'bin');
}

function asPostgres(cmd: string, args: string[]): void {
  const isRoot = process.getuid?.() === 0;
  const [file, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  execFileSync(file, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
}

export async function startPostgres(port = 55000 + Math.floor(Math.random() * 4000)): Promise<PostgresHandle> {
  const bin = pgBin();
  const root = mkdtempSync(join(tmpdir(), 'tessera-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    chownSync(root, uid, uid);
  }
  const data = join(root, 'data');
  asPostgres(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-l', join(root, 'log'), '-w', '-o',
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${root} -c fsync=off -c max_connections=300`, 'start']);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const pidFile = join(data, 'postmaster.pid');
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  return {
    url,
    pid,
    async stop() {
      if (existsSync(pidFile)) {
        try { process.kill(pid, 'SIGINT'); } catch { /* already gone */ }
        for (let i = 0; i < 50 && existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 100));
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}
