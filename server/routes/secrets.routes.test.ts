// `GET /secrets/resource/{id}.json` against a real server process, on both databases. The route checks the
// caller's session in the same query as it reads the secret (auth-guard.ts, "in-route-query"), so these pin
// down that it still refuses exactly what every other route refuses: no token, a forged token, a logged-out
// session, a disabled or deleted account (401 in the envelope), and that it tells a caller without access
// nothing (404, the same answer as for a resource that does not exist).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestDatabase } from '../test-support/databases';
import { startServerProcess, type ServerProcess } from '../test-support/server-process';
import { openDatabase, type OpenDatabase } from '../storage/database';
import { createAdmin, inviteAndSetupUser } from '../test-support/users';
import { TestClient, type ApiResponse } from '../test-support/test-client';
import { encryptFor } from '../../bench/server/fixtures';
import { PASSWORD_STRING_ID } from '../storage/migrations/0020-resource-types';

interface SecretBody { id: string; user_id: string; resource_id: string; data: string; created: string; modified: string;
  created_by: string | null; modified_by: string | null }

const UNAUTHENTICATED = 'Authentication is required to continue';

function expectEnvelope(res: ApiResponse, code: number): void {
  expect(res.status).toBe(code);
  expect(res.header.code).toBe(code);
  expect(res.header.status).toBe(code < 400 ? 'success' : 'error');
}

describe.each(dialects)('GET /secrets/resource/{id}.json on $name', ({ create }) => {
  let database: TestDatabase;
  let server: ServerProcess;
  let store: OpenDatabase;
  let admin: TestClient;
  let alice: TestClient;
  let rid: string;
  let aliceData: string;

  /** Another login of `user`: a session of its own, as a second device would have. */
  async function secondSession(user: TestClient): Promise<TestClient> {
    const c = new TestClient(server.url);
    c.userId = user.userId;
    c.keys = user.keys;
    await c.login();
    return c;
  }

  async function createResource(owner: TestClient): Promise<{ id: string; data: string }> {
    const data = await encryptFor(owner.keys!.publicKey, '{"password":"s3cret"}', owner.keys!.privateKey);
    const res = await owner.post<{ id: string }>('/resources.json', { resource_type_id: PASSWORD_STRING_ID, name: `r-${randomUUID().slice(0, 6)}`,
      secrets: [{ data }] });
    expect(res.status, res.text).toBe(200);
    return { id: res.body.id, data };
  }

  const secretOf = (c: TestClient, id: string) => c.get<SecretBody>(`/secrets/resource/${id}.json`);

  beforeAll(async () => {
    database = await create();
    server = await startServerProcess({ db: database.url });
    store = openDatabase(database.url);
    admin = await createAdmin(server);
    alice = await inviteAndSetupUser(admin, server);
    ({ id: rid, data: aliceData } = await createResource(alice));
  });
  afterAll(async () => { await store?.close(); await server?.stop(); await database?.drop(); });

  it("answers the caller's own secret row", async () => {
    const res = await secretOf(alice, rid);
    expectEnvelope(res, 200);
    expect(res.body).toMatchObject({ user_id: alice.userId, resource_id: rid, data: aliceData, created_by: alice.userId, modified_by: alice.userId });
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    expect(res.header.url).toBe(`/secrets/resource/${rid}.json`);
  });

  it('tells a user without access nothing: the same 404 as for a resource that does not exist', async () => {
    const bob = await inviteAndSetupUser(admin, server);
    const noAccess = await secretOf(bob, rid);
    const missing = await secretOf(bob, randomUUID());
    expectEnvelope(noAccess, 404);
    expectEnvelope(missing, 404);
    expect(noAccess.header.message).toBe(missing.header.message);
    expect(noAccess.body).toBe('');
    // An administrator has no secret of a resource nobody shared with them either.
    expectEnvelope(await secretOf(admin, rid), 404);
  });

  it('answers 401 without a token, with a forged or garbage token, before looking at the identifier', async () => {
    const anonymous = new TestClient(server.url);
    for (const path of [`/secrets/resource/${rid}.json`, '/secrets/resource/not-a-uuid.json']) {
      const res = await anonymous.get(path);
      expectEnvelope(res, 401);
      expect(res.header.message).toBe(UNAUTHENTICATED);
    }
    const [, payload] = alice.accessToken!.split('.');
    const algNone = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    for (const token of [algNone, 'a.b.c', `${alice.accessToken!}x`]) {
      const res = await anonymous.get(`/secrets/resource/${rid}.json`, { headers: { authorization: `Bearer ${token}` } });
      expectEnvelope(res, 401);
    }
  });

  it('answers 400 for a malformed identifier from a live session', async () => {
    const res = await alice.get('/secrets/resource/not-a-uuid.json');
    expectEnvelope(res, 400);
    expect(res.header.message).toBe('The resource identifier should be a valid UUID.');
  });

  it('ends access at once when the session logs out, and only for that session', async () => {
    const laptop = await secondSession(alice);
    expectEnvelope(await secretOf(laptop, rid), 200);
    expect((await laptop.logout({ refresh_token: laptop.refreshToken! })).status).toBe(200);
    // The logged-out access token is still unexpired and correctly signed: only the database knows it is dead.
    const after = await secretOf(laptop, rid);
    expectEnvelope(after, 401);
    expect(after.header.message).toBe(UNAUTHENTICATED);
    expectEnvelope(await laptop.get('/secrets/resource/not-a-uuid.json'), 401);
    expectEnvelope(await secretOf(laptop, randomUUID()), 401);
    expectEnvelope(await secretOf(alice, rid), 200);
  });

  it('ends access at once when a rotated refresh token is replayed (the session is revoked)', async () => {
    const phone = await secondSession(alice);
    const first = phone.refreshToken!;
    expect((await phone.refresh()).status).toBe(200);
    expectEnvelope(await secretOf(phone, rid), 200);
    expect((await phone.refresh(first)).status).toBe(400);
    expectEnvelope(await secretOf(phone, rid), 401);
  });

  it('ends access at once when an administrator disables the user', async () => {
    const carol = await inviteAndSetupUser(admin, server);
    const own = await createResource(carol);
    expectEnvelope(await secretOf(carol, own.id), 200);
    expect((await admin.put(`/users/${carol.userId}.json`, { disabled: new Date(Date.now() - 1000).toISOString() })).status).toBe(200);
    expectEnvelope(await secretOf(carol, own.id), 401);
  });

  it('refuses a disabled date that has passed even while the session itself is live, and not one still to come', async () => {
    const dave = await inviteAndSetupUser(admin, server);
    const own = await createResource(dave);
    // Written straight to storage, so the refresh tokens stay active and only the account state says no.
    const setDisabled = (disabled: string | null) => store.db.updateTable('users').set({ disabled }).where('id', '=', dave.userId!).execute();
    await setDisabled('2999-01-01T00:00:00+00:00');
    expectEnvelope(await secretOf(dave, own.id), 200);
    await setDisabled('2020-01-01T00:00:00+00:00');
    expectEnvelope(await secretOf(dave, own.id), 401);
    expectEnvelope(await secretOf(dave, randomUUID()), 401);
    await setDisabled(null);
    expectEnvelope(await secretOf(dave, own.id), 200);
  });

  it('ends access at once when the user is deleted or deactivated', async () => {
    const erin = await inviteAndSetupUser(admin, server);
    const frank = await inviteAndSetupUser(admin, server);
    expectEnvelope(await secretOf(erin, rid), 404);
    expect((await admin.delete(`/users/${erin.userId}.json`)).status).toBe(200);
    expectEnvelope(await secretOf(erin, rid), 401);
    const own = await createResource(frank);
    expectEnvelope(await secretOf(frank, own.id), 200);
    await store.db.updateTable('users').set({ active: 0 }).where('id', '=', frank.userId!).execute();
    expectEnvelope(await secretOf(frank, own.id), 401);
  });
});
