// Token lifetimes with a movable server clock (in-process server): setup links last 10 days, access tokens
// 5 minutes, refresh tokens a month.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestDatabase } from '../test-support/databases';
import { startServerInProcess, type InProcessServer } from '../test-support/server-process';
import { createAdmin, readSetupToken } from '../test-support/users';
import { TestClient } from '../test-support/test-client';

const DAY = 24 * 3600 * 1000;

describe.each(dialects)('token expiry on $name', ({ create }) => {
  let database: TestDatabase;
  let server: InProcessServer;
  let offset = 0;
  beforeAll(async () => {
    database = await create();
    server = await startServerInProcess({ db: database.url, build: { clock: { nowMs: () => Date.now() + offset } } });
  });
  afterAll(async () => { await server?.stop(); await database?.drop(); });

  it('expires setup links after 10 days, access tokens after 5 minutes and refresh tokens after a month', async () => {
    offset = 0;
    const admin = await createAdmin({ url: server.url, db: database.url, dataDir: server.dataDir });
    const invite = await admin.post<{ id: string }>('/users.json', { username: `x-${crypto.randomUUID()}@example.com`, profile: { first_name: 'X', last_name: 'Y' } });
    const token = await readSetupToken(database.url, invite.body.id);
    const guest = new TestClient(server.url);
    offset = 9 * DAY;
    expect((await guest.get(`/setup/start/${invite.body.id}/${token}.json`)).status).toBe(200);
    offset = 11 * DAY;
    expect((await guest.get(`/setup/start/${invite.body.id}/${token}.json`)).status).toBe(400);

    offset = 0;
    await admin.login();
    expect((await admin.get('/users/me.json')).status).toBe(200);
    offset = 301_000;
    expect((await admin.get('/users/me.json')).status).toBe(401);
    expect((await admin.refresh()).status).toBe(200);
    expect((await admin.get('/users/me.json')).status).toBe(200);
    offset = 31 * DAY;
    const expired = await admin.refresh();
    expect(expired.status).toBe(400);
    expect(expired.header.message).toBe('Expired refresh token provided.');
  });
});
