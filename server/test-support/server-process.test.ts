// The in-process server helper gives the same app as the CLI, with its dependencies reachable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestDatabase } from './databases';
import { startServerInProcess, type InProcessServer } from './server-process';
import { createAdmin } from './users';

describe.each(dialects)('startServerInProcess on $name', ({ create }) => {
  let database: TestDatabase;
  let server: InProcessServer;
  beforeAll(async () => {
    database = await create();
    server = await startServerInProcess({ db: database.url });
  });
  afterAll(async () => { await server?.stop(); await database?.drop(); });

  it('serves the API and exposes its database', async () => {
    const admin = await createAdmin({ url: server.url, db: database.url, dataDir: server.dataDir });
    expect((await admin.get('/users/me.json')).status).toBe(200);
    const row = await server.deps.db.selectFrom('users').select('username').where('id', '=', admin.userId!).executeTakeFirstOrThrow();
    expect(row.username).toMatch(/@example\.com$/);
    expect(server.deps.config.publicUrl).toBe(server.url);
  });
});
