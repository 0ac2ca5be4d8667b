// Groups over HTTP on both databases: create/list/view, update with the dry-run flow and its completeness
// rules (a refused add stores nothing), removal deleting the secrets a member can no longer read, delete
// with dry run and ownership transfer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { dialects, type TestDatabase } from '../test-support/databases';
import { startServerInProcess, type InProcessServer } from '../test-support/server-process';
import { decryptWith, encryptFor, login, seedGroup, seedUser, type JsonClient, type SeededUser } from '../../bench/server/fixtures';
import type { Database } from '../storage/schema';
import { seedResources } from '../../bench/server/seed';

type Dry = { 'dry-run': { SecretsNeeded: { Secret: { resource_id: string; user_id: string } }[]; Secrets: { Secret: { resource_id: string; data: string }[] }[] } };
interface Group { id: string; name: string; groups_users?: { id: string; user_id: string; is_admin: boolean; user?: { profile?: unknown; gpgkey?: unknown } }[];
  my_group_user?: { is_admin: boolean } | null; modifier?: { profile?: unknown } }

async function grant(db: Kysely<Database>, resourceId: string, aro: 'User' | 'Group', aroId: string, type: number) {
  await db.insertInto('permissions').values({ id: randomUUID(), aco: 'Resource', aco_foreign_key: resourceId, aro, aro_foreign_key: aroId,
    type, created: 'x', modified: 'x' }).execute();
}

describe.each(dialects)('groups API on $name', ({ create }) => {
  let target: TestDatabase;
  let server: InProcessServer;
  let db: Kysely<Database>;
  let admin: SeededUser; let mgr: SeededUser; let member: SeededUser; let newbie: SeededUser; let outsider: SeededUser;
  let asAdmin: JsonClient; let asMgr: JsonClient; let asMember: JsonClient; let asNewbie: JsonClient; let asOutsider: JsonClient;

  /** A resource owned by the manager, secret rows for the given users, each encrypted to them. */
  async function resourceFor(readers: SeededUser[], text = 'pw'): Promise<string> {
    const res = await asMgr.post<{ id: string }>('/resources.json', { name: `r-${randomUUID().slice(0, 6)}`,
      secrets: [{ data: await encryptFor(mgr.publicKey, text, mgr.privateKey) }] });
    for (const u of readers.filter((x) => x.id !== mgr.id)) {
      await db.insertInto('secrets').values({ id: randomUUID(), user_id: u.id, resource_id: res.body.id,
        data: await encryptFor(u.publicKey, text, mgr.privateKey), created: 'x', modified: 'x', created_by: mgr.id, modified_by: mgr.id }).execute();
    }
    return res.body.id;
  }
  const count = async (t: 'secrets' | 'groups_users' | 'groups' | 'permissions') =>
    Number((await db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    target = await create();
    server = await startServerInProcess({ db: target.url });
    db = server.deps.db;
    admin = await seedUser(db, { role: 'admin' });
    [mgr, member, newbie, outsider] = [await seedUser(db), await seedUser(db), await seedUser(db), await seedUser(db)];
    [asAdmin, asMgr, asMember, asNewbie, asOutsider] = await Promise.all([admin, mgr, member, newbie, outsider].map((u) => login(server.url, u)));
  });
  afterAll(async () => { await server?.stop(); await target?.drop(); });

  it('lets admins create groups with at least one manager and valid members', async () => {
    const before = await count('groups');
    expect((await asMgr.post('/groups.json', { name: 'Nope', groups_users: [{ user_id: mgr.id, is_admin: true }] })).status).toBe(403);
    const refusals: [unknown, string][] = [
      [{ name: 'No manager', groups_users: [{ user_id: mgr.id, is_admin: false }] }, 'groups_users'],
      [{ name: 'Empty', groups_users: [] }, 'groups_users'],
      [{ name: '', groups_users: [{ user_id: mgr.id, is_admin: true }] }, 'name'],
      [{ name: 'x'.repeat(256), groups_users: [{ user_id: mgr.id, is_admin: true }] }, 'name'],
      [{ name: 'Ghost', groups_users: [{ user_id: randomUUID(), is_admin: true }] }, 'groups_users'],
      [{ name: 'Twice', groups_users: [{ user_id: mgr.id, is_admin: true }, { user_id: mgr.id }] }, 'groups_users'],
    ];
    for (const [body, field] of refusals) {
      const res = await asAdmin.post('/groups.json', body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(Object.keys(res.body as object)).toContain(field);
    }
    expect(await count('groups')).toBe(before);
    const ok = await asAdmin.post<Group>('/groups.json', { name: 'Team', groups_users: [{ user_id: mgr.id, is_admin: true }, { user_id: member.id }] });
    expect(ok.status, JSON.stringify(ok.raw)).toBe(200);
    expect(ok.body.groups_users!.map((g) => [g.user_id, g.is_admin]).sort()).toEqual([[mgr.id, true], [member.id, false]].sort());
    expect((await asAdmin.post('/groups.json', { name: 'Team', groups_users: [{ user_id: mgr.id, is_admin: true }] })).status).toBe(400);
    const mails = await db.selectFrom('mail_queue').select('recipient').where('template', '=', 'group_added').execute();
    expect(mails.map((m) => m.recipient)).toEqual(expect.arrayContaining([mgr.username, member.username]));
  });

  it('lists and views groups with contains and filters', async () => {
    const list = await asMember.get<Group[]>(`/groups.json?filter[has-users][]=${member.id}&contain[my_group_user]=1&contain[groups_users.user.profile]=1&contain[groups_users.user.gpgkey]=1&contain[modifier.profile]=1`);
    expect(list.status).toBe(200);
    const team = list.body.find((g) => g.name === 'Team')!;
    expect(team.my_group_user).toMatchObject({ is_admin: false });
    expect(team.groups_users![0]!.user!.profile).toBeTruthy();
    expect(team.groups_users![0]!.user!.gpgkey).toBeTruthy();
    expect(team.modifier!.profile).toBeTruthy();
    expect((await asMember.get<Group[]>(`/groups.json?filter[has-managers][]=${member.id}`)).body).toEqual([]);
    expect((await asMember.get<Group[]>(`/groups.json?filter[has-managers][]=${mgr.id}`)).body.map((g) => g.name)).toContain('Team');
    expect((await asMember.get(`/groups/${team.id}.json`)).status).toBe(200);
    expect((await asMember.get(`/groups/${randomUUID()}.json`)).status).toBe(404);
    expect((await asMember.get('/groups/not-a-uuid.json')).status).toBe(400);
  });

  it('adds a member only with exactly the secrets the dry run asks for', async () => {
    const gid = await seedGroup(db, 'Five', [mgr.id], [member.id]);
    const rids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const rid = await resourceFor([member], `secret-${i}`);
      await grant(db, rid, 'Group', gid, 1);
      rids.push(rid);
    }
    // The newbie can already read one of them directly: no secret is needed for it.
    await grant(db, rids[4]!, 'User', newbie.id, 1);
    await db.insertInto('secrets').values({ id: randomUUID(), user_id: newbie.id, resource_id: rids[4]!,
      data: await encryptFor(newbie.publicKey, 'secret-4'), created: 'x', modified: 'x', created_by: null, modified_by: null }).execute();

    const add = { groups_users: [{ user_id: newbie.id, is_admin: false }] };
    expect((await asMember.put(`/groups/${gid}/dry-run.json`, add)).status).toBe(403);
    expect((await asOutsider.put(`/groups/${gid}.json`, add)).status).toBe(403);
    const dry = await asMgr.put<Dry>(`/groups/${gid}/dry-run.json`, add);
    expect(dry.status, JSON.stringify(dry.raw)).toBe(200);
    const needed = dry.body['dry-run'].SecretsNeeded.map((s) => s.Secret);
    expect(needed.map((n) => n.resource_id).sort()).toEqual(rids.slice(0, 4).sort());
    expect(needed.every((n) => n.user_id === newbie.id)).toBe(true);
    const own = new Map(dry.body['dry-run'].Secrets.map((s) => [s.Secret[0]!.resource_id, s.Secret[0]!.data]));
    expect(own.size).toBe(4);
    const secrets = await Promise.all(needed.map(async (n) => ({ ...n,
      data: await encryptFor(newbie.publicKey, await decryptWith(mgr.privateKey, own.get(n.resource_id)!), mgr.privateKey) })));

    const before = { secrets: await count('secrets'), members: await count('groups_users') };
    const refusals: [string, unknown[]][] = [
      ['too few', secrets.slice(0, 3)],
      ['one too many', [...secrets, { resource_id: rids[4]!, user_id: newbie.id, data: await encryptFor(newbie.publicKey, 'x') }]],
      ['for someone else', [...secrets.slice(0, 3), { ...secrets[3]!, user_id: outsider.id, data: await encryptFor(outsider.publicKey, 'x') }]],
      ['duplicate', [...secrets, secrets[0]!]],
      ['wrong key', [...secrets.slice(0, 3), { ...secrets[3]!, data: await encryptFor(outsider.publicKey, 'x') }]],
      ['two recipients', [...secrets.slice(0, 3), { ...secrets[3]!, data: await encryptFor([newbie.publicKey, mgr.publicKey], 'x') }]],
      ['cleartext', [...secrets.slice(0, 3), { ...secrets[3]!, data: 'secret-3' }]],
    ];
    for (const [label, body] of refusals) {
      const res = await asMgr.put(`/groups/${gid}.json`, { ...add, secrets: body });
      expect(res.status, `${label}: ${JSON.stringify(res.raw).slice(0, 300)}`).toBe(400);
      expect(Object.keys(res.body as object), label).toEqual(['secrets']);
    }
    expect({ secrets: await count('secrets'), members: await count('groups_users') }).toEqual(before);

    const ok = await asMgr.put<Group>(`/groups/${gid}.json`, { ...add, secrets });
    expect(ok.status, JSON.stringify(ok.raw)).toBe(200);
    expect(ok.body.groups_users!.map((g) => g.user_id)).toContain(newbie.id);
    for (let i = 0; i < 4; i++) {
      const row = await asNewbie.get<{ data: string }>(`/secrets/resource/${rids[i]}.json`);
      expect(await decryptWith(newbie.privateKey, row.body.data)).toBe(`secret-${i}`);
    }

    // Removing the newbie deletes the four rows reached through the group, not the one held directly.
    const membership = ok.body.groups_users!.find((g) => g.user_id === newbie.id)!;
    const removed = await asMgr.put(`/groups/${gid}.json`, { groups_users: [{ id: membership.id, delete: true }] });
    expect(removed.status, JSON.stringify(removed.raw)).toBe(200);
    const left = await db.selectFrom('secrets').select('resource_id').where('user_id', '=', newbie.id).where('resource_id', 'in', rids).execute();
    expect(left.map((r) => r.resource_id)).toEqual([rids[4]]);
    expect((await asNewbie.get(`/resources/${rids[0]}.json`)).status).toBe(404);
  });

  it('keeps at least one manager; only admins rename; additions by a non-manager admin are dropped', async () => {
    const gid = await seedGroup(db, 'Solo', [mgr.id], [member.id]);
    const g = await asMgr.get<Group>(`/groups/${gid}.json?contain[groups_users]=1`);
    const mgrRow = g.body.groups_users!.find((m) => m.user_id === mgr.id)!;
    const demote = await asMgr.put(`/groups/${gid}.json`, { groups_users: [{ id: mgrRow.id, is_admin: false }] });
    expect(demote.status).toBe(400);
    expect(demote.body).toHaveProperty('groups_users.at_least_one_group_manager');
    expect((await asMgr.put<Group>(`/groups/${gid}.json`, { name: 'Renamed by manager' })).body.name).toBe('Solo');
    expect((await asAdmin.put<Group>(`/groups/${gid}.json`, { name: 'Renamed by admin' })).body.name).toBe('Renamed by admin');
    const byAdmin = await asAdmin.put<Group>(`/groups/${gid}.json`, { groups_users: [{ user_id: outsider.id, is_admin: false }] });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.groups_users!.map((m) => m.user_id)).not.toContain(outsider.id);
    expect((await asMgr.put(`/groups/${gid}.json`, { groups_users: [{ user_id: randomUUID() }] })).status).toBe(400);
    expect((await asMgr.put(`/groups/${gid}.json`, { groups_users: [{ user_id: member.id }] })).status).toBe(400);
  });

  it('deletes a group after ownership transfer; members lose what only the group gave them', async () => {
    const gid = await seedGroup(db, 'Owners', [mgr.id], [member.id]);
    const shared = await resourceFor([member]);
    await grant(db, shared, 'Group', gid, 15);
    // Make the group the sole owner: the manager's own permission becomes read.
    await db.updateTable('permissions').set({ type: 1 }).where('aco_foreign_key', '=', shared).where('aro_foreign_key', '=', mgr.id).execute();
    const mgrPerm = await db.selectFrom('permissions').select('id').where('aco_foreign_key', '=', shared).where('aro_foreign_key', '=', mgr.id).executeTakeFirstOrThrow();
    const onlyGroup = await resourceFor([member]);
    await db.deleteFrom('permissions').where('aco_foreign_key', '=', onlyGroup).execute();
    await grant(db, onlyGroup, 'Group', gid, 15);

    expect((await asMember.delete(`/groups/${gid}/dry-run.json`)).status).toBe(403);
    const dry = await asMgr.delete<{ errors: { resources: { sole_owner: { id: string }[] } } }>(`/groups/${gid}/dry-run.json`);
    expect(dry.status).toBe(400);
    expect(dry.body.errors.resources.sole_owner.map((r) => r.id)).toEqual([shared]);
    const before = await count('permissions');
    expect((await asMgr.delete(`/groups/${gid}.json`)).status).toBe(400);
    expect(await count('permissions')).toBe(before);
    const transfer = { transfer: { owners: [{ id: mgrPerm.id, aco_foreign_key: shared }] } };
    expect((await asMgr.delete(`/groups/${gid}/dry-run.json`, transfer)).status).toBe(200);
    const del = await asMgr.delete(`/groups/${gid}.json`, transfer);
    expect(del.status, JSON.stringify(del.raw)).toBe(200);
    expect((await db.selectFrom('permissions').select('type').where('id', '=', mgrPerm.id).executeTakeFirstOrThrow()).type).toBe(15);
    expect(await db.selectFrom('secrets').select('id').where('user_id', '=', member.id).where('resource_id', 'in', [shared, onlyGroup]).execute()).toEqual([]);
    expect((await db.selectFrom('resources').select('deleted').where('id', '=', onlyGroup).executeTakeFirstOrThrow()).deleted).toBe(1);
    expect((await asMgr.get(`/groups/${gid}.json`)).status).toBe(404);
    expect((await asMgr.get(`/secrets/resource/${shared}.json`)).status).toBe(200);
  });

  it('with 5,000 reachable resources, refuses 4,999 or 5,001 secrets and accepts exactly 5,000', async () => {
    const gid = await seedGroup(db, 'Five thousand', [mgr.id]);
    const owned = await encryptFor(mgr.publicKey, 'pw');
    const reach = await seedResources(db, { count: 5000, ownerId: mgr.id, secretFor: new Map([[mgr.id, owned]]),
      grants: [{ aro: 'Group', id: gid, type: 1 }], namePrefix: 'five' });
    const joiner = await seedUser(db);
    const data = await encryptFor(joiner.publicKey, 'pw', mgr.privateKey);
    const add = { groups_users: [{ user_id: joiner.id, is_admin: false }] };
    const dry = await asMgr.put<Dry>(`/groups/${gid}/dry-run.json`, add);
    expect(dry.body['dry-run'].SecretsNeeded).toHaveLength(5000);
    const all = reach.map((rid) => ({ resource_id: rid, user_id: joiner.id, data }));
    const [extraResource] = await seedResources(db, { count: 1, ownerId: mgr.id, secretFor: new Map([[mgr.id, owned]]), grants: [] });
    const before = { secrets: await count('secrets'), members: await count('groups_users') };
    for (const [label, secrets] of [['4,999', all.slice(1)], ['5,001', [...all, { resource_id: extraResource!, user_id: joiner.id, data }]],
      ['5,000 with a duplicate', [...all.slice(1), all[2]!]]] as const) {
      const res = await asMgr.put(`/groups/${gid}.json`, { ...add, secrets });
      expect(res.status, label).toBe(400);
    }
    expect({ secrets: await count('secrets'), members: await count('groups_users') }).toEqual(before);
    const ok = await asMgr.put(`/groups/${gid}.json`, { ...add, secrets: all });
    expect(ok.status, JSON.stringify(ok.raw).slice(0, 300)).toBe(200);
    expect(Number((await db.selectFrom('secrets').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', joiner.id).executeTakeFirstOrThrow()).n)).toBe(5000);
  }, 120_000);
});
