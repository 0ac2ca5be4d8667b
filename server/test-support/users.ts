// Users for tests: the first administrator through the real `create-admin` command, then invited users.
//
//   const server = await startServerProcess({ db: database.url });
//   const admin = await createAdmin(server);                       // logged in
//   const bob = await inviteAndSetupUser(admin, server, { role: 'user' });  // logged in, bob.keys has his key pair
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../storage/database';
import { runCli } from './server-process';
import { TestClient, type KeyPair } from './test-client';
import { ROLE_IDS } from '../storage/migrations/0030-seed-roles';
import { setupLink } from '../services/user-registration.service';

export interface ServerHandle {
  url: string;
  /** The server's --db value. */
  db: string;
  dataDir: string;
}

export interface NewUserOptions {
  role?: 'user' | 'admin';
  username?: string;
  firstName?: string;
  lastName?: string;
  keys?: KeyPair;
  /** Stop after setup (no login). */
  skipLogin?: boolean;
}

/** Runs `create-admin` and returns the printed setup link. */
export async function createAdminLink(server: ServerHandle, username = `admin-${randomUUID()}@example.com`): Promise<string> {
  const { stdout } = await runCli(['create-admin', '--data', server.dataDir, '--db', server.db, '--url', server.url,
    '--username', username, '--first-name', 'Ada', '--last-name', 'Admin']);
  return stdout.trim();
}

export async function createAdmin(server: ServerHandle, options: NewUserOptions = {}): Promise<TestClient> {
  const link = await createAdminLink(server, options.username);
  const client = new TestClient(server.url);
  await client.completeSetup(link, options.keys);
  if (!options.skipLogin) await client.login();
  return client;
}

/**
 * The newest active setup (or recover) token of a user, read from the database (the real flow mails it).
 * Waits up to five seconds: recover requests create their token after answering.
 */
export async function readSetupToken(dbUrl: string, userId: string, type: 'register' | 'recover' = 'register',
  options: { notIn?: string[] } = {}): Promise<string> {
  const database = openDatabase(dbUrl);
  try {
    for (const started = Date.now(); ;) {
      const rows = await database.db.selectFrom('authentication_tokens').select(['token', 'created']).where('user_id', '=', userId)
        .where('type', '=', type).where('active', '=', 1).orderBy('created', 'desc').execute();
      const row = rows.find((r) => !(options.notIn ?? []).includes(r.token));
      if (row) return row.token;
      if (Date.now() - started > 5000) throw new Error(`no active ${type} token for ${userId}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await database.close();
  }
}

/** The admin invites a user (POST /users.json); the user completes setup and logs in. */
export async function inviteAndSetupUser(admin: TestClient, server: ServerHandle, options: NewUserOptions = {}): Promise<TestClient> {
  const res = await admin.post<{ id: string }>('/users.json', {
    username: options.username ?? `user-${randomUUID()}@example.com`,
    role_id: ROLE_IDS[options.role ?? 'user'],
    profile: { first_name: options.firstName ?? 'Test', last_name: options.lastName ?? 'User' },
  });
  if (res.status !== 200) throw new Error(`user create failed: ${res.status} ${res.header?.message} ${JSON.stringify(res.body)}`);
  const token = await readSetupToken(server.db, res.body.id);
  const client = new TestClient(server.url);
  await client.completeSetup(setupLink(server.url, res.body.id, token), options.keys);
  if (!options.skipLogin) await client.login();
  return client;
}
