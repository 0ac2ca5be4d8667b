// Concurrency invariant: a parallel run of shares, unshares and group membership
// edits, then SQL checks that every user who can read a resource has exactly one secret row for it and that no
// secret row exists without access. On PostgreSQL the run is spread over two server processes sharing the
// database (as behind a load balancer); SQLite is single-process by design.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestDatabase } from '../test-support/databases';
import { startServerProcess, type ServerProcess } from '../test-support/server-process';
import { openDatabase, type OpenDatabase } from '../storage/database';
import { AccessService } from '../services/access.service';
import { encryptFor, login, seedGroup, seedUser, type JsonClient, type SeededUser } from '../../bench/server/fixtures';

/** Deterministic choices so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

describe.each(dialects)('share/group invariant under concurrency on $name', ({ name, create }) => {
  let target: TestDatabase;
  const servers: ServerProcess[] = [];
  let store: OpenDatabase;
  let owner: SeededUser;
  let users: SeededUser[];
  let owners: JsonClient[];
  let groupId: string;
  const resources: string[] = [];

  beforeAll(async () => {
    target = await create();
    servers.push(await startServerProcess({ db: target.url }));
    if (name === 'postgres') servers.push(await startServerProcess({ db: target.url }));
    store = openDatabase(target.url);
    owner = await seedUser(store.db);
    users = [];
    for (let i = 0; i < 6; i++) users.push(await seedUser(store.db));
    groupId = await seedGroup(store.db, 'Concurrent', [owner.id], [users[0]!.id]);
    owners = await Promise.all(servers.map((s) => login(s.url, owner)));
    for (let i = 0; i < 8; i++) {
      const r = await owners[0]!.post<{ id: string }>('/resources.json', { name: `c-${i}`, secrets: [{ data: await encryptFor(owner.publicKey, `pw-${i}`) }] });
      resources.push(r.body.id);
    }
  });
  afterAll(async () => {
    await store?.close();
    for (const s of servers) await s.stop();
    await target?.drop();
  });

  const byId = (id: string) => [owner, ...users].find((u) => u.id === id)!;

  async function share(c: JsonClient, rid: string, permissions: unknown[]): Promise<number> {
    const sim = await c.post<{ changes: { added: { User: { id: string } }[] } }>(`/share/simulate/resource/${rid}.json`, { permissions });
    if (sim.status !== 200) return sim.status;
    const secrets = await Promise.all(sim.body.changes.added.map(async (a) => ({ resource_id: rid, user_id: a.User.id,
      data: await encryptFor(byId(a.User.id).publicKey, 'pw', owner.privateKey) })));
    return (await c.put(`/share/resource/${rid}.json`, { permissions, secrets })).status;
  }

  async function unshare(c: JsonClient, rid: string, aroId: string): Promise<number> {
    const perms = await c.get<{ id: string; aro_foreign_key: string }[]>(`/permissions/resource/${rid}.json`);
    const p = perms.status === 200 ? perms.body.find((x) => x.aro_foreign_key === aroId) : undefined;
    if (!p) return 400;
    return (await c.put(`/share/resource/${rid}.json`, { permissions: [{ id: p.id, delete: true }] })).status;
  }

  async function addMember(c: JsonClient, user: SeededUser): Promise<number> {
    const change = { groups_users: [{ user_id: user.id, is_admin: false }] };
    const dry = await c.put<{ 'dry-run': { SecretsNeeded: { Secret: { resource_id: string; user_id: string } }[] } }>(`/groups/${groupId}/dry-run.json`, change);
    if (dry.status !== 200) return dry.status;
    const secrets = await Promise.all(dry.body['dry-run'].SecretsNeeded.map(async ({ Secret: n }) => ({ ...n,
      data: await encryptFor(user.publicKey, 'pw', owner.privateKey) })));
    return (await c.put(`/groups/${groupId}.json`, { ...change, secrets })).status;
  }

  async function removeMember(c: JsonClient, user: SeededUser): Promise<number> {
    const g = await c.get<{ groups_users: { id: string; user_id: string }[] }>(`/groups/${groupId}.json?contain[groups_users]=1`);
    const m = g.body.groups_users.find((x) => x.user_id === user.id);
    if (!m) return 400;
    return (await c.put(`/groups/${groupId}.json`, { groups_users: [{ id: m.id, delete: true }] })).status;
  }

  it('keeps one secret per reader and none without access', async () => {
    const rand = prng(name === 'postgres' ? 11 : 7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const ops: (() => Promise<number>)[] = [];
    for (let i = 0; i < 48; i++) {
      const c = pick(owners);
      const rid = pick(resources);
      const u = pick(users);
      const kind = pick(['shareUser', 'shareGroup', 'unshareUser', 'unshareGroup', 'addMember', 'removeMember'] as const);
      ops.push(() => {
        switch (kind) {
          case 'shareUser': return share(c, rid, [{ aro: 'User', aro_foreign_key: u.id, type: pick([1, 7]) }]);
          case 'shareGroup': return share(c, rid, [{ aro: 'Group', aro_foreign_key: groupId, type: 1 }]);
          case 'unshareUser': return unshare(c, rid, u.id);
          case 'unshareGroup': return unshare(c, rid, groupId);
          case 'addMember': return addMember(c, u);
          case 'removeMember': return removeMember(c, u);
        }
      });
    }
    // Eight workers pull operations concurrently, so reads and writes of different operations interleave.
    const statuses: number[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < ops.length) statuses.push(await ops[next++]!());
    }));
    // Then directly conflicting pairs, started together on different processes: a member joins the group while
    // the group is given (or loses) a resource, and a member leaves while a resource is shared with them.
    for (let round = 0; round < 12; round++) {
      const u = pick(users);
      const rid = pick(resources);
      const [a, b] = [owners[round % owners.length]!, owners[(round + 1) % owners.length]!];
      const pair = round % 3 === 0 ? [addMember(a, u), share(b, rid, [{ aro: 'Group', aro_foreign_key: groupId, type: 1 }])]
        : round % 3 === 1 ? [removeMember(a, u), unshare(b, rid, groupId)]
          : [addMember(a, u), unshare(b, rid, groupId)];
      statuses.push(...await Promise.all(pair));
    }
    expect(statuses.every((s) => s === 200 || s === 400), statuses.join(',')).toBe(true);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(10);

    const access = new AccessService(store.db);
    const readers = await access.usersWithAccessToMany(resources);
    for (const rid of resources) {
      const rows = await store.db.selectFrom('secrets').select('user_id').where('resource_id', '=', rid).execute();
      const holders = rows.map((r) => r.user_id).sort();
      expect(new Set(holders).size, `no duplicate rows on ${rid}`).toBe(holders.length);
      expect(holders, `secret holders of ${rid}`).toEqual([...readers.get(rid)!].sort());
    }
    const orphans = await store.db.selectFrom('secrets as s')
      .leftJoin('resources as r', 'r.id', 's.resource_id').select('s.id')
      .where((eb) => eb.or([eb('r.id', 'is', null), eb('r.deleted', '=', 1)])).execute();
    expect(orphans).toEqual([]);
    for (const s of servers) expect(s.output()).not.toMatch(/"level":50|unexpected error/);
  }, 240_000);
});
