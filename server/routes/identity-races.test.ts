// Simultaneous requests that race for the same unique thing get one success and clean 400s, never a 500.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestDatabase } from '../test-support/databases';
import { startServerProcess, type ServerProcess } from '../test-support/server-process';
import { createAdmin, readSetupToken } from '../test-support/users';
import { generateKeyPair, TestClient } from '../test-support/test-client';

describe.each(dialects)('races on $name', ({ create }) => {
  let database: TestDatabase;
  let server: ServerProcess;
  let admin: TestClient;
  beforeAll(async () => {
    database = await create();
    server = await startServerProcess({ db: database.url });
    admin = await createAdmin(server);
  });
  afterAll(async () => { await server?.stop(); await database?.drop(); });

  it('creates a username once when eight requests ask for it at the same time', async () => {
    const username = `race-${randomUUID()}@example.com`;
    const results = await Promise.all(Array.from({ length: 8 }, () =>
      admin.post('/users.json', { username, profile: { first_name: 'R', last_name: 'C' } })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 400, 400, 400, 400, 400, 400, 400]);
  });

  it('registers one key for one user when two users submit it at the same time', async () => {
    const invite = async () => {
      const res = await admin.post<{ id: string }>('/users.json', { username: `k-${randomUUID()}@example.com`, profile: { first_name: 'K', last_name: 'R' } });
      return { id: res.body.id, token: await readSetupToken(server.db, res.body.id) };
    };
    const [a, b] = [await invite(), await invite()];
    const key = await generateKeyPair();
    const guest = new TestClient(server.url);
    const results = await Promise.all([a, b].map((u) => guest.post(`/setup/complete/${u.id}.json`,
      { authentication_token: { token: u.token }, gpgkey: { armored_key: key.armoredPublic } })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
    const refused = results.find((r) => r.status === 400)!;
    expect(refused.body).toEqual({ gpgkey: { armored_key: { isUniqueFingerprint: 'The key is already used by another user.' } } });
  });

  it('completes a setup once when the same request is sent twice at once', async () => {
    const res = await admin.post<{ id: string }>('/users.json', { username: `d-${randomUUID()}@example.com`, profile: { first_name: 'D', last_name: 'S' } });
    const token = await readSetupToken(server.db, res.body.id);
    const guest = new TestClient(server.url);
    const key = await generateKeyPair();
    const body = { authentication_token: { token }, gpgkey: { armored_key: key.armoredPublic } };
    const results = await Promise.all([1, 2].map(() => guest.post(`/setup/complete/${res.body.id}.json`, body)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
  });
});
