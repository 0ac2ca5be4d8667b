// A real Tessera server process on SQLite for the desktop integration tests, plus the few server-side facts a
// test needs (the admin's setup link, invitation links from the mail queue).
import { createSqliteDatabase, type TestDatabase } from '../../../server/test-support/databases';
import { runCli, spawnCli, startServerProcess, type ServerProcess } from '../../../server/test-support/server-process';
import type { ChildProcess } from 'node:child_process';
import { openDatabase } from '../../../server/storage/database';

export interface TestServer {
  url: string;
  /** The first process (later ones are started by `restart`). */
  process: ServerProcess;
  database: TestDatabase;
  /** Creates an administrator with the CLI and returns the setup link it prints. */
  createAdminLink(username: string, firstName?: string, lastName?: string): Promise<string>;
  /** The newest setup link mailed to `username` (the invitation). */
  invitationLink(username: string): Promise<string>;
  /** Stops the process (keeping database and data folder) and starts it again on a new port if asked. */
  stop(): Promise<void>;
  restart(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const database = await createSqliteDatabase();
  const first = await startServerProcess({ db: database.url, env });
  const dataDir = first.dataDir;
  let child: ChildProcess = first.child;
  const server: TestServer = {
    url: first.url,
    process: first,
    database,
    async createAdminLink(username, firstName = 'Ada', lastName = 'Admin') {
      const { stdout } = await runCli(['create-admin', '--data', dataDir, '--db', database.url, '--url', server.url,
        '--username', username, '--first-name', firstName, '--last-name', lastName]);
      const link = /(http\S+\/setup\/start\/\S+)/.exec(stdout)?.[1];
      if (!link) throw new Error(`create-admin printed no link: ${stdout}`);
      return link;
    },
    async invitationLink(username) {
      const db = openDatabase(database.url);
      try {
        const rows = await db.db.selectFrom('mail_queue').select(['body_text', 'created']).where('recipient', '=', username)
          .orderBy('created', 'desc').execute();
        for (const row of rows) {
          const link = /(http\S+\/setup\/start\/[0-9a-f-]{36}\/[0-9a-f-]{36})/i.exec(row.body_text)?.[1];
          if (link) return link;
        }
        throw new Error(`no invitation mailed to ${username}`);
      } finally {
        await db.close();
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(kill);
      }
    },
    async restart() {
      await server.stop();
      const port = new URL(server.url).port;
      child = spawnCli(['start', '--data', dataDir, '--db', database.url, '--port', port, '--url', server.url], env);
      await new Promise<void>((resolve, reject) => {
        let out = '';
        const onData = (d: Buffer) => { out += d.toString(); if (out.includes('Tessera server ready')) resolve(); };
        child.stdout?.on('data', onData);
        child.stderr?.on('data', onData);
        child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
      });
    },
    async destroy() {
      await server.stop();
      await first.stop().catch(() => undefined);
      const { rmSync } = await import('node:fs');
      rmSync(dataDir, { recursive: true, force: true });
      await database.drop();
    },
  };
  return server;
}
