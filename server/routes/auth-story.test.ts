// The whole login life cycle against a real server process, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestDatabase } from '../test-support/databases';
import { startServerProcess, type ServerProcess } from '../test-support/server-process';
import { createAdmin, inviteAndSetupUser } from '../test-support/users';
import { TestClient } from '../test-support/test-client';

describe.each(dialects)('setup -> login -> refresh -> logout on $name', ({ create }) => {
  let database: TestDatabase;
  let server: ServerProcess;
  beforeAll(async () => {
    database = await create();
    server = await startServerProcess({ db: database.url });
  });
  afterAll(async () => { await server?.stop(); await database?.drop(); });

  it('sets up an admin, logs in, refreshes with rotation, and logs out', async () => {
    const admin = await createAdmin(server);
    const me = await admin.get<{ id: string; role: { name: string }; gpgkey: { fingerprint: string } }>('/users/me.json');
    expect(me.status).toBe(200);
    expect(me.header.status).toBe('success');
    expect(me.body.id).toBe(admin.userId);
    expect(me.body.role.name).toBe('admin');
    expect(me.body.gpgkey.fingerprint).toBe(admin.keys!.publicKey.getFingerprint().toUpperCase());

    expect((await admin.get('/auth/is-authenticated.json')).status).toBe(200);
    const firstRefresh = admin.refreshToken!;
    const refreshed = await admin.refresh();
    expect(refreshed.status).toBe(200);
    expect(refreshed.headers.get('set-cookie')).toMatch(/refresh_token=[0-9a-f-]{36}.*HttpOnly.*Secure/);
    expect(admin.refreshToken).not.toBe(firstRefresh);
    expect((await admin.get('/users/me.json')).status).toBe(200);

    const out = await admin.logout();
    expect(out.status).toBe(200);
    expect((await admin.get('/users/me.json')).status).toBe(401);
    expect((await admin.refresh()).status).toBe(400);
  });

  it('lets an admin invite a user who sets up and logs in', async () => {
    const admin = await createAdmin(server);
    const bob = await inviteAndSetupUser(admin, server, { firstName: 'Bob' });
    const me = await bob.get<{ profile: { first_name: string }; role: { name: string } }>('/users/me.json');
    expect(me.body.profile.first_name).toBe('Bob');
    expect(me.body.role.name).toBe('user');
    const anonymous = new TestClient(server.url);
    const denied = await anonymous.get('/users/me.json');
    expect(denied.status).toBe(401);
    expect(denied.header.message).toBe('Authentication is required to continue');
  });
});
