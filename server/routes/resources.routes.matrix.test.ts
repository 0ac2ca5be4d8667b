// The authorization matrix: every resources/sharing/groups route against every kind
// of caller, checked against an oracle table, on both databases. Callers: owner, editor (7), reader (1), a reader
// and an editor through groups, a user with no access, an admin with no access, a disabled user, a deleted user,
// and anonymous. No access means 404 (nothing learned); too little access means 403.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { dialects, type TestDatabase } from '../test-support/databases';
import { startServerInProcess, type InProcessServer } from '../test-support/server-process';
import { JsonClient, login, seedGroup, seedUser, type SeededUser } from '../../bench/server/fixtures';
import { PASSWORD_STRING_ID } from '../storage/migrations/0020-resource-types';
import type { Database } from '../storage/schema';

const ROLES = ['owner', 'editor', 'reader', 'groupReader', 'groupEditor', 'none', 'admin', 'disabled', 'deleted', 'anonymous'] as const;
type Role = (typeof ROLES)[number];
const DIRECT: Partial<Record<Role, number>> = { owner: 15, editor: 7, reader: 1, disabled: 1, deleted: 1 };

/** Expected status per role; `read` = any access, `write` = 7+, `own` = 15. */
function oracle(needs: 'read' | 'write' | 'own'): Record<Role, number> {
  const level: Record<Role, number> = { owner: 15, editor: 7, reader: 1, groupReader: 1, groupEditor: 7, none: 0, admin: 0, disabled: 0, deleted: 0, anonymous: 0 };
  const min = needs === 'read' ? 1 : needs === 'write' ? 7 : 15;
  return Object.fromEntries(ROLES.map((r) => {
    if (r === 'anonymous' || r === 'disabled' || r === 'deleted') return [r, 401];
    if (level[r] === 0) return [r, 404];
    return [r, level[r] >= min ? 200 : 403];
  })) as Record<Role, number>;
}

describe.each(dialects)('authorization matrix on $name', ({ create }) => {
  let target: TestDatabase;
  let server: InProcessServer;
  let db: Kysely<Database>;
  const users = {} as Record<Role, SeededUser>;
  const clients = {} as Record<Role, JsonClient>;
  let readGroup: string; let editGroup: string;

  /** A resource with a permission and a secret row for every role that should have access. */
  async function seedResource(): Promise<string> {
    const id = randomUUID();
    const now = '2026-01-01T00:00:00+00:00';
    await db.insertInto('resources').values({ id, resource_type_id: PASSWORD_STRING_ID, name: `m-${id.slice(0, 6)}`, username: null, uri: null,
      description: null, expired: null, deleted: 0, created: now, modified: now, created_by: users.owner.id, modified_by: users.owner.id }).execute();
    const perms = [
      ...Object.entries(DIRECT).map(([role, type]) => ({ aro: 'User', aro_foreign_key: users[role as Role].id, type: type! })),
      { aro: 'Group', aro_foreign_key: readGroup, type: 1 }, { aro: 'Group', aro_foreign_key: editGroup, type: 7 },
    ];
    await db.insertInto('permissions').values(perms.map((p) => ({ id: randomUUID(), aco: 'Resource', aco_foreign_key: id, ...p, created: now, modified: now }))).execute();
    const readers: Role[] = ['owner', 'editor', 'reader', 'groupReader', 'groupEditor'];
    await db.insertInto('secrets').values(readers.map((r) => ({ id: randomUUID(), user_id: users[r].id, resource_id: id, data: `secret of ${r}`,
      created: now, modified: now, created_by: null, modified_by: null }))).execute();
    return id;
  }

  beforeAll(async () => {
    target = await create();
    server = await startServerInProcess({ db: target.url });
    db = server.deps.db;
    for (const role of ROLES) users[role] = await seedUser(db, { role: role === 'admin' ? 'admin' : 'user' });
    readGroup = await seedGroup(db, 'Matrix readers', [users.groupReader.id]);
    editGroup = await seedGroup(db, 'Matrix editors', [users.groupEditor.id]);
    for (const role of ROLES) clients[role] = role === 'anonymous' ? new JsonClient(server.url) : await login(server.url, users[role]);
    await db.updateTable('users').set({ disabled: '2020-01-01T00:00:00+00:00' }).where('id', '=', users.disabled.id).execute();
    await db.updateTable('users').set({ deleted: 1 }).where('id', '=', users.deleted.id).execute();
  });
  afterAll(async () => { await server?.stop(); await target?.drop(); });

  const cases: { name: string; needs: 'read' | 'write' | 'own'; call: (c: JsonClient, rid: string) => Promise<{ status: number; header: Record<string, unknown> }> }[] = [
    { name: 'GET /resources/{id}', needs: 'read', call: (c, rid) => c.get(`/resources/${rid}.json?contain[permission]=1`) },
    { name: 'GET /secrets/resource/{id}', needs: 'read', call: (c, rid) => c.get(`/secrets/resource/${rid}.json`) },
    { name: 'GET /permissions/resource/{id}', needs: 'read', call: (c, rid) => c.get(`/permissions/resource/${rid}.json`) },
    { name: 'POST /favorites/resource/{id}', needs: 'read', call: (c, rid) => c.post(`/favorites/resource/${rid}.json`) },
    { name: 'PUT /resources/{id}', needs: 'write', call: (c, rid) => c.put(`/resources/${rid}.json`, { name: 'same' }) },
    { name: 'DELETE /resources/{id}', needs: 'write', call: (c, rid) => c.delete(`/resources/${rid}.json`) },
    { name: 'POST /share/simulate/resource/{id}', needs: 'own', call: (c, rid) => c.post(`/share/simulate/resource/${rid}.json`, { permissions: [] }) },
    { name: 'PUT /share/resource/{id}', needs: 'own', call: (c, rid) => c.put(`/share/resource/${rid}.json`, { permissions: [] }) },
  ];

  it.each(cases)('$name', async ({ needs, call }) => {
    const expected = oracle(needs);
    const got = {} as Record<Role, number>;
    for (const role of ROLES) {
      const res = await call(clients[role], await seedResource());
      got[role] = res.status;
      expect(res.header.code, `${role} envelope`).toBe(res.status);
    }
    expect(got).toEqual(expected);
  });

  it('lists a resource only for those who can read it', async () => {
    const rid = await seedResource();
    for (const role of ROLES) {
      const res = await clients[role].get<{ id: string }[]>(`/resources.json?filter[has-id][]=${rid}`);
      const expected = oracle('read')[role];
      if (expected === 401) expect(res.status, role).toBe(401);
      else expect(res.body.map((r) => r.id), role).toEqual(expected === 404 ? [] : [rid]);
    }
  });

  it('lets only the favorite owner remove a favorite', async () => {
    const rid = await seedResource();
    const fav = await clients.reader.post<{ id: string }>(`/favorites/resource/${rid}.json`);
    for (const role of ROLES.filter((r) => r !== 'reader')) {
      expect((await clients[role].delete(`/favorites/${fav.body.id}.json`)).status, role).toBe(role === 'anonymous' || role === 'disabled' || role === 'deleted' ? 401 : 404);
    }
    expect((await clients.reader.delete(`/favorites/${fav.body.id}.json`)).status).toBe(200);
  });

  it('guards the group routes: admins create, managers and admins edit, members and others cannot', async () => {
    const gid = await seedGroup(db, `Guarded ${randomUUID().slice(0, 6)}`, [users.owner.id], [users.reader.id]);
    const expectFor = (role: Role, ok: number, member: number, other: number) =>
      role === 'anonymous' || role === 'disabled' || role === 'deleted' ? 401 : role === 'owner' ? ok : role === 'reader' ? member : role === 'admin' ? ok : other;
    for (const role of ROLES) {
      const c = clients[role];
      const authed = !(role === 'anonymous' || role === 'disabled' || role === 'deleted');
      expect((await c.get('/groups.json')).status, `index ${role}`).toBe(authed ? 200 : 401);
      expect((await c.get(`/groups/${gid}.json`)).status, `view ${role}`).toBe(authed ? 200 : 401);
      expect((await c.post('/groups.json', { name: `By ${role}`, groups_users: [{ user_id: users.owner.id, is_admin: true }] })).status, `create ${role}`)
        .toBe(authed ? (role === 'admin' ? 200 : 403) : 401);
      expect((await c.put(`/groups/${gid}/dry-run.json`, { groups_users: [] })).status, `dry-run ${role}`).toBe(expectFor(role, 200, 403, 403));
      expect((await c.put(`/groups/${gid}.json`, { groups_users: [] })).status, `update ${role}`).toBe(expectFor(role, 200, 403, 403));
      expect((await c.delete(`/groups/${gid}/dry-run.json`)).status, `delete dry-run ${role}`).toBe(expectFor(role, 200, 403, 403));
    }
    expect((await clients.reader.delete(`/groups/${gid}.json`)).status).toBe(403);
    expect((await clients.admin.delete(`/groups/${gid}.json`)).status).toBe(200);
    expect((await clients.owner.put(`/groups/${gid}.json`, { groups_users: [] })).status).toBe(404);
  });

  it('answers share search and resource types to users only', async () => {
    for (const role of ROLES) {
      const authed = !(role === 'anonymous' || role === 'disabled' || role === 'deleted');
      expect((await clients[role].get('/share/search-aros.json?filter[search]=a')).status, role).toBe(authed ? 200 : 401);
      expect((await clients[role].get('/resource-types.json')).status, role).toBe(authed ? 200 : 401);
    }
  });
});
