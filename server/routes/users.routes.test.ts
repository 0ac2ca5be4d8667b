// Users, roles and keys over HTTP: who may do what, the index's filters and paging, updates, and delete with
// ownership transfer (resources and groups seeded straight into the database).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestDatabase } from '../test-support/databases';
import { startServerProcess, type ServerProcess } from '../test-support/server-process';
import { createAdmin, inviteAndSetupUser, readSetupToken } from '../test-support/users';
import { TestClient } from '../test-support/test-client';
import { openDatabase } from '../storage/database';
import { ROLE_IDS } from '../storage/migrations/0030-seed-roles';
import type { UserDto } from '../../common/api/user';

const NOW = '2026-01-01T00:00:00+00:00';
const PASSWORD_STRING = '669f8c64-242a-59fb-92fc-81f660975fd3';

describe.each(dialects)('users on $name', ({ create }) => {
  let database: TestDatabase;
  let server: ServerProcess;
  let admin: TestClient;
  let alice: TestClient;
  let bob: TestClient;
  let invitedId: string;

  beforeAll(async () => {
    database = await create();
    server = await startServerProcess({ db: database.url });
    admin = await createAdmin(server);
    alice = await inviteAndSetupUser(admin, server, { firstName: 'Alice', lastName: 'Zeta', username: `alice-${randomUUID()}@example.com` });
    bob = await inviteAndSetupUser(admin, server, { firstName: 'Bob', lastName: 'Yak' });
    const invited = await admin.post<UserDto>('/users.json', { username: `pending-${randomUUID()}@example.com`,
      profile: { first_name: 'Pending', last_name: 'Person' } });
    invitedId = invited.body.id;
  });
  afterAll(async () => { await server?.stop(); await database?.drop(); });

  async function seed(run: (db: ReturnType<typeof openDatabase>['db']) => Promise<void>): Promise<void> {
    const open = openDatabase(server.db);
    try { await run(open.db); } finally { await open.close(); }
  }

  async function seedResource(perms: [aro: 'User' | 'Group', id: string, type: number][]): Promise<string> {
    const id = randomUUID();
    await seed(async (db) => {
      await db.insertInto('resources').values({ id, resource_type_id: PASSWORD_STRING, name: `r-${id.slice(0, 4)}`, username: null,
        uri: null, description: null, expired: null, deleted: 0, created: NOW, modified: NOW, created_by: admin.userId!, modified_by: admin.userId! }).execute();
      for (const [aro, aroId, type] of perms) {
        await db.insertInto('permissions').values({ id: randomUUID(), aco: 'Resource', aco_foreign_key: id, aro, aro_foreign_key: aroId,
          type, created: NOW, modified: NOW }).execute();
      }
    });
    return id;
  }

  async function seedGroup(members: [userId: string, isAdmin: boolean][]): Promise<string> {
    const id = randomUUID();
    await seed(async (db) => {
      await db.insertInto('groups').values({ id, name: `g-${id.slice(0, 4)}`, deleted: 0, created: NOW, modified: NOW,
        created_by: admin.userId!, modified_by: admin.userId! }).execute();
      for (const [userId, isAdmin] of members) {
        await db.insertInto('groups_users').values({ id: randomUUID(), group_id: id, user_id: userId, is_admin: isAdmin ? 1 : 0, created: NOW }).execute();
      }
    });
    return id;
  }

  it('enforces who may call each route', async () => {
    const guest = new TestClient(server.url);
    const other = bob.userId!;
    const matrix: [string, string, unknown, number, number, number][] = [
      // method, path, body, guest, user, admin
      ['GET', '/users.json', undefined, 401, 200, 200],
      ['GET', '/users/me.json', undefined, 401, 200, 200],
      ['GET', `/users/${other}.json`, undefined, 401, 200, 200],
      ['POST', '/users.json', { username: 'x@example.com', profile: { first_name: 'X', last_name: 'Y' } }, 401, 403, 200],
      ['PUT', `/users/${other}.json`, { profile: { first_name: 'Bobby' } }, 401, 403, 200],
      ['DELETE', `/users/${other}/dry-run.json`, undefined, 401, 403, 200],
      ['DELETE', `/users/${randomUUID()}.json`, undefined, 401, 403, 404],
      ['GET', '/roles.json', undefined, 401, 200, 200],
      ['GET', '/gpgkeys.json', undefined, 401, 200, 200],
      ['GET', '/password-policies/settings.json', undefined, 401, 200, 200],
      ['POST', '/user-passphrase-policies/settings.json', { entropy_minimum: 80, external_dictionary_check: false }, 401, 403, 200],
      ['PUT', '/password-policies/settings.json', { default_generator: 'passphrase', external_dictionary_check: false,
        password_generator_settings: { length: 20, mask_upper: true, mask_lower: true, mask_digit: true, mask_parenthesis: false,
          mask_emoji: false, mask_char1: false, mask_char2: false, mask_char3: false, mask_char4: false, mask_char5: false,
          exclude_look_alike_chars: true }, passphrase_generator_settings: { words: 8, word_separator: '-', word_case: 'camelcase' } }, 401, 403, 200],
      ['GET', '/auth/is-authenticated.json', undefined, 401, 200, 200],
      ['GET', '/settings.json', undefined, 200, 200, 200],
      ['GET', '/healthcheck/status.json', undefined, 200, 200, 200],
      ['POST', '/users/recover.json', { username: 'nobody@example.com' }, 200, 403, 404],
    ];
    for (const [method, path, body, ...expected] of matrix) {
      const got = [];
      for (const client of [guest, alice, admin]) got.push((await client.request(method, path, body)).status);
      expect(got, `${method} ${path}`).toEqual(expected);
    }
  });

  it('lets an administrator send an invitation again: a fresh setup link naming them; missing or disabled users are errors', async () => {
    const username = (await admin.get<UserDto>(`/users/${invitedId}.json`)).body.username;
    const mails = async () => {
      const open = openDatabase(server.db);
      try {
        return await open.db.selectFrom('mail_queue').select(['body_text', 'template']).where('recipient', '=', username).execute();
      } finally { await open.close(); }
    };
    const before = await mails();
    const first = await readSetupToken(server.db, invitedId);
    const res = await admin.post('/users/recover.json', { username: username.toUpperCase() });
    expect(res.status).toBe(200);
    const after = await mails();
    expect(after).toHaveLength(before.length + 1);
    const sent = after.find((m) => !before.some((b) => b.body_text === m.body_text))!;
    expect(sent.template).toBe('user_invitation');
    expect(sent.body_text).toMatch(/Ada Admin invited you/);
    const second = await readSetupToken(server.db, invitedId, 'register', { notIn: [first] });
    expect(sent.body_text).toContain(`/setup/start/${invitedId}/${second}`);
    expect((await new TestClient(server.url).get(`/setup/start/${invitedId}/${second}.json`)).status).toBe(200);

    expect((await admin.post('/users/recover.json', { username: 'nobody@example.com' })).status).toBe(404);
    expect((await admin.post('/users/recover.json', { username: 'not an email' })).status).toBe(400);
    await admin.put(`/users/${invitedId}.json`, { disabled: '2020-01-01T00:00:00Z' });
    const disabled = await admin.post('/users/recover.json', { username });
    expect([disabled.status, disabled.header.message]).toEqual([404, 'This user has been disabled. Enable them before sending the invitation again.']);
    await admin.put(`/users/${invitedId}.json`, { disabled: null });
    expect(await mails()).toHaveLength(after.length);
  });

  it('shows non-admins only active users, and admins everyone not deleted', async () => {
    const seen = async (c: TestClient, q = '') => (await c.get<UserDto[]>(`/users.json${q}`)).body.map((u) => u.id);
    expect(await seen(alice)).not.toContain(invitedId);
    expect(await seen(admin)).toContain(invitedId);
    const inactive = await admin.get<UserDto[]>('/users.json?filter[is-active]=0');
    expect(inactive.body.map((u) => u.id)).toContain(invitedId);
    expect(inactive.body.every((u) => !u.active)).toBe(true);
    expect(await seen(alice, '?filter[is-active]=0')).not.toContain(invitedId);
    expect(await seen(alice, '?filter[is-admin]=1')).toEqual([admin.userId]);
    expect(await seen(alice, '?filter[search]=alic')).toEqual([alice.userId]);
    expect(await seen(alice, '?filter[search][]=YAK')).toEqual([bob.userId]);
    expect(await seen(alice, '?filter[search]=%25')).toEqual([]);
    const full = await alice.get<UserDto[]>('/users.json');
    expect(full.body[0]).toHaveProperty('profile.first_name');
    expect(full.body[0]).toHaveProperty('gpgkey.armored_key');
    expect(full.body[0]).toHaveProperty('role.name');
    expect(full.body[0]).toHaveProperty('groups_users');
    expect(full.body[0]!.profile!.avatar.url.medium).toMatch(/^http/);
    const bare = await alice.get<UserDto[]>('/users.json?contain[profile]=0&contain[gpgkey]=0&contain[role]=0&contain[groups_users]=0&contain[nonsense]=1');
    expect(Object.keys(bare.body[0]!)).not.toContain('profile');
    expect(Object.keys(bare.body[0]!)).not.toContain('gpgkey');
    expect((await alice.get('/users.json?contain[profile]=maybe')).status).toBe(400);
  });

  it('pages and sorts, and refuses unknown sort fields', async () => {
    const total = (await admin.get<UserDto[]>('/users.json')).body.length;
    expect(total).toBeGreaterThanOrEqual(4);
    const page = await admin.get<UserDto[]>('/users.json?limit=2&page=2&sort=Users.username&direction=desc');
    expect(page.status).toBe(200);
    expect(page.header.pagination).toEqual({ count: total, page: 2, limit: 2 });
    expect(page.body).toHaveLength(2);
    const all = (await admin.get<UserDto[]>('/users.json?sort=Users.username&direction=desc')).body.map((u) => u.username);
    expect(page.body.map((u) => u.username)).toEqual(all.slice(2, 4));
    expect([...all].sort().reverse()).toEqual(all);
    expect((await admin.get('/users.json?sort=Users.password')).status).toBe(400);
    expect((await admin.get('/users.json?limit=0')).status).toBe(400);
    expect((await admin.get('/users.json?direction=sideways')).status).toBe(400);
  });

  it('filters by group and by access to a resource, and hides access lists from those without access', async () => {
    const group = await seedGroup([[bob.userId!, true]]);
    expect((await alice.get<UserDto[]>(`/users.json?filter[has-groups][]=${group}`)).body.map((u) => u.id)).toEqual([bob.userId]);
    const resource = await seedResource([['User', alice.userId!, 15], ['Group', group, 1]]);
    const withAccess = (await alice.get<UserDto[]>(`/users.json?filter[has-access]=${resource}`)).body.map((u) => u.id).sort();
    expect(withAccess).toEqual([alice.userId!, bob.userId!].sort());
    expect((await admin.get(`/users.json?filter[has-access]=${resource}`)).status).toBe(404);
    expect((await alice.get('/users.json?filter[has-access]=not-a-uuid')).status).toBe(400);
  });

  it('updates profiles; role and disabled are for admins; keys and memberships are refused', async () => {
    const own = await alice.put<UserDto>(`/users/${alice.userId}.json`, { profile: { first_name: 'Alicia' } });
    expect(own.status).toBe(200);
    expect(own.body.profile!.first_name).toBe('Alicia');
    expect((await alice.put(`/users/${alice.userId}.json`, { role_id: ROLE_IDS.admin })).status).toBe(403);
    expect((await alice.put(`/users/${alice.userId}.json`, { gpgkey: { armored_key: 'x' } })).status).toBe(400);
    expect((await admin.put(`/users/${alice.userId}.json`, { groups_user: [] })).status).toBe(400);
    const empty = await alice.put(`/users/${alice.userId}.json`, { profile: { first_name: '' } });
    expect(empty.status).toBe(400);
    expect(empty.body).toEqual({ profile: { first_name: { _empty: 'The first name should not be empty.' } } });
    const promoted = await admin.post<UserDto>(`/users/${bob.userId}.json`, { role_id: ROLE_IDS.admin });
    expect(promoted.body.role!.name).toBe('admin');
    expect((await admin.put<UserDto>(`/users/${bob.userId}.json`, { role_id: ROLE_IDS.user })).body.role!.name).toBe('user');
    expect((await admin.put(`/users/${bob.userId}.json`, { role_id: ROLE_IDS.guest })).status).toBe(400);
    expect((await admin.put(`/users/${admin.userId}.json`, { disabled: NOW })).status).toBe(400);
  });

  it('validates user creation field by field and refuses a taken username', async () => {
    const bad = await admin.post('/users.json', { username: 'not-an-email', profile: { last_name: 'x'.repeat(300) } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ username: { email: expect.any(String) },
      profile: { first_name: { _required: expect.any(String) }, last_name: { maxLength: expect.any(String) } } });
    const me = (await alice.get<UserDto>('/users/me.json')).body;
    const taken = await admin.post('/users.json', { username: me.username, profile: { first_name: 'A', last_name: 'B' } });
    expect(taken.body).toEqual({ username: { uniqueUsername: 'The username is already in use.' } });
  });

  it('refuses to delete a sole owner or sole manager until ownership is transferred', async () => {
    const dave = await inviteAndSetupUser(admin, server, { firstName: 'Dave' });
    const daveMe = (await dave.get<UserDto>('/users/me.json')).body;
    const shared = await seedResource([['User', dave.userId!, 15], ['User', alice.userId!, 1]]);
    const personal = await seedResource([['User', dave.userId!, 15]]);
    const group = await seedGroup([[dave.userId!, true], [alice.userId!, false]]);

    const dry = await admin.delete<{ errors: { resources: { sole_owner: { id: string }[] }; groups: { sole_manager: { id: string }[] } } }>(
      `/users/${dave.userId}/dry-run.json`);
    expect(dry.status).toBe(400);
    expect(dry.body.errors.resources.sole_owner.map((r) => r.id)).toEqual([shared]);
    expect(dry.body.errors.groups.sole_manager.map((g) => g.id)).toEqual([group]);
    expect((await admin.delete(`/users/${dave.userId}.json`)).status).toBe(400);
    expect((await dave.get('/users/me.json')).status).toBe(200);

    let alicePermission = '';
    let aliceMembership = '';
    await seed(async (db) => {
      alicePermission = (await db.selectFrom('permissions').select('id').where('aco_foreign_key', '=', shared)
        .where('aro_foreign_key', '=', alice.userId!).executeTakeFirstOrThrow()).id;
      aliceMembership = (await db.selectFrom('groups_users').select('id').where('group_id', '=', group)
        .where('user_id', '=', alice.userId!).executeTakeFirstOrThrow()).id;
    });
    const wrong = await admin.delete(`/users/${dave.userId}.json`, { transfer: { owners: [{ id: randomUUID(), aco_foreign_key: shared }] } });
    expect(wrong.status).toBe(400);
    const done = await admin.delete(`/users/${dave.userId}.json`, { transfer: {
      owners: [{ id: alicePermission, aco_foreign_key: shared }], managers: [{ id: aliceMembership, group_id: group }] } });
    expect(done.status).toBe(200);

    expect((await dave.get('/users/me.json')).status).toBe(401);
    expect((await admin.get(`/users/${dave.userId}.json`)).status).toBe(404);
    await seed(async (db) => {
      const perm = await db.selectFrom('permissions').select('type').where('id', '=', alicePermission).executeTakeFirstOrThrow();
      expect(perm.type).toBe(15);
      expect((await db.selectFrom('groups_users').select('is_admin').where('id', '=', aliceMembership).executeTakeFirstOrThrow()).is_admin).toBe(1);
      expect((await db.selectFrom('resources').select('deleted').where('id', '=', personal).executeTakeFirstOrThrow()).deleted).toBe(1);
      expect((await db.selectFrom('resources').select('deleted').where('id', '=', shared).executeTakeFirstOrThrow()).deleted).toBe(0);
      expect(await db.selectFrom('permissions').select('id').where('aro_foreign_key', '=', dave.userId!).execute()).toEqual([]);
    });
    // The username is free again.
    const again = await admin.post('/users.json', { username: daveMe.username, profile: { first_name: 'Dave', last_name: 'Again' } });
    expect(again.status).toBe(200);
    expect((await admin.delete(`/users/${admin.userId}.json`)).status).toBe(400);
  });

  it('counts a group the user is alone in as going away with the user', async () => {
    const erin = await inviteAndSetupUser(admin, server, { firstName: 'Erin' });
    const solo = await seedGroup([[erin.userId!, true]]);
    const viaGroup = await seedResource([['Group', solo, 15], ['User', alice.userId!, 7]]);
    const groupOnly = await seedResource([['Group', solo, 15]]);
    const dry = await admin.delete<{ errors: { resources: { sole_owner: { id: string }[] }; groups?: unknown } }>(`/users/${erin.userId}/dry-run.json`);
    expect(dry.status).toBe(400);
    expect(dry.body.errors.resources.sole_owner.map((r) => r.id)).toEqual([viaGroup]);
    expect(dry.body.errors.groups).toBeUndefined();
    let alicePermission = '';
    await seed(async (db) => {
      alicePermission = (await db.selectFrom('permissions').select('id').where('aco_foreign_key', '=', viaGroup)
        .where('aro_foreign_key', '=', alice.userId!).executeTakeFirstOrThrow()).id;
    });
    const done = await admin.delete(`/users/${erin.userId}.json`, { transfer: { owners: [{ id: alicePermission, aco_foreign_key: viaGroup }] } });
    expect(done.status).toBe(200);
    await seed(async (db) => {
      expect((await db.selectFrom('groups').select('deleted').where('id', '=', solo).executeTakeFirstOrThrow()).deleted).toBe(1);
      expect((await db.selectFrom('resources').select('deleted').where('id', '=', groupOnly).executeTakeFirstOrThrow()).deleted).toBe(1);
      expect((await db.selectFrom('resources').select('deleted').where('id', '=', viaGroup).executeTakeFirstOrThrow()).deleted).toBe(0);
      expect((await db.selectFrom('permissions').select('type').where('id', '=', alicePermission).executeTakeFirstOrThrow()).type).toBe(15);
      expect(await db.selectFrom('permissions').select('id').where('aro_foreign_key', '=', solo).execute()).toEqual([]);
    });
  });

  it('lists keys with modified-after and serves one key and the roles', async () => {
    const all = await alice.get<{ id: string; user_id: string; fingerprint: string }[]>('/gpgkeys.json');
    expect(all.body.map((k) => k.user_id)).toEqual(expect.arrayContaining([admin.userId, alice.userId, bob.userId]));
    const future = Math.floor(Date.now() / 1000) + 3600;
    expect((await alice.get<unknown[]>(`/gpgkeys.json?filter[modified-after]=${future}`)).body).toEqual([]);
    expect((await alice.get<unknown[]>('/gpgkeys.json?filter[modified-after]=0')).body.length).toBe(all.body.length);
    expect((await alice.get('/gpgkeys.json?filter[modified-after]=yesterday')).status).toBe(400);
    const one = await alice.get<{ fingerprint: string }>(`/gpgkeys/${all.body[0]!.id}.json`);
    expect(one.body.fingerprint).toBe(all.body[0]!.fingerprint);
    expect((await alice.get(`/gpgkeys/${randomUUID()}.json`)).status).toBe(404);
    const roles = await alice.get<{ id: string; name: string }[]>('/roles.json');
    expect(roles.body.map((r) => r.name)).toEqual(['admin', 'guest', 'user']);
  });
});
