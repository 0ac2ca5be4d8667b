// Paging the resource index on both databases: Passbolt's `page` and Tessera's `after` continuation give the
// same rows in the same order as one big page, for both keyset sorts and directions, with ties on the sort
// column, group and direct access, filters, soft-deleted resources and deleted resource types.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { dialects, type TestDatabase } from '../test-support/databases';
import { startServerInProcess, type InProcessServer } from '../test-support/server-process';
import { login, seedGroup, seedUser, type JsonClient, type SeededUser } from '../../bench/server/fixtures';
import { seedResources } from '../../bench/server/seed';
import type { Database } from '../storage/schema';
import { PASSWORD_AND_DESCRIPTION_ID } from '../storage/migrations/0020-resource-types';

interface Row { id: string; created: string; modified: string; permission?: { type: number } }

const stamp = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString().replace(/\.\d{3}Z$/, '+00:00');

describe.each(dialects)('resource index paging on $name', ({ create }) => {
  let target: TestDatabase;
  let server: InProcessServer;
  let db: Kysely<Database>;
  let reader: SeededUser;
  let asReader: JsonClient;
  let groupId: string;
  let direct: string[];
  let viaGroup: string[];

  beforeAll(async () => {
    target = await create();
    server = await startServerInProcess({ db: target.url });
    db = server.deps.db;
    const owner = await seedUser(db);
    reader = await seedUser(db);
    groupId = await seedGroup(db, 'Readers', [owner.id], [reader.id]);
    direct = await seedResources(db, { count: 23, ownerId: owner.id, secretFor: new Map(), grants: [{ aro: 'User', id: reader.id, type: 7 }] });
    viaGroup = await seedResources(db, { count: 19, ownerId: owner.id, secretFor: new Map(), grants: [{ aro: 'Group', id: groupId, type: 1 }] });
    const both = await seedResources(db, { count: 4, ownerId: owner.id, secretFor: new Map(),
      grants: [{ aro: 'User', id: reader.id, type: 1 }, { aro: 'Group', id: groupId, type: 15 }] });
    await seedResources(db, { count: 9, ownerId: owner.id, secretFor: new Map(), grants: [] }); // not the reader's
    viaGroup.push(...both);
    // Few distinct creation times (ties broken by id), modification times spread out.
    const all = await db.selectFrom('resources').select('id').orderBy('id').execute();
    for (const [i, { id }] of all.entries()) {
      await db.updateTable('resources').set({ created: stamp(i % 5), modified: stamp(100 + ((i * 7) % 31)) }).where('id', '=', id).execute();
    }
    // A soft-deleted resource the reader once had (deleting removes its permissions, as the service does).
    const gone = direct.pop()!;
    await db.updateTable('resources').set({ deleted: 1 }).where('id', '=', gone).execute();
    await db.deleteFrom('permissions').where('aco_foreign_key', '=', gone).execute();
    asReader = await login(server.url, reader);
    await asReader.post(`/favorites/resource/${direct[2]}.json`);
    await asReader.post(`/favorites/resource/${viaGroup[1]}.json`);
  });
  afterAll(async () => { await server?.stop(); await target?.drop(); });

  const list = async (query: string) => {
    const res = await asReader.get<Row[]>(`/resources.json?contain[permission]=1&contain[favorite]=1&contain[permissions]=1&${query}`);
    expect(res.status, JSON.stringify(res.raw).slice(0, 300)).toBe(200);
    return res;
  };

  /** Every row of `query`, page by page through `page`, then through `after`; checks the headers on the way. */
  const pageThrough = async (query: string, size: number, sortField: 'created' | 'modified') => {
    const total = (await list(`${query}&limit=1000`)).header.pagination as { count: number };
    const byPage: Row[] = [];
    for (let page = 1; page <= Math.ceil(total.count / size) + 1; page++) {
      const res = await list(`${query}&limit=${size}&page=${page}`);
      expect(res.header.pagination).toEqual({ count: total.count, page, limit: size });
      byPage.push(...res.body);
    }
    const byCursor: Row[] = [];
    let first = await list(`${query}&limit=${size}&page=1`);
    byCursor.push(...first.body);
    while (first.body.length === size) {
      const last = first.body.at(-1)!;
      first = await list(`${query}&limit=${size}&after=${encodeURIComponent(`${last[sortField]}|${last.id}`)}`);
      expect(first.header.pagination).toBeUndefined();
      byCursor.push(...first.body);
    }
    return { count: total.count, byPage, byCursor };
  };

  for (const field of ['created', 'modified'] as const) {
    for (const direction of ['asc', 'desc'] as const) {
      it(`pages by ${field} ${direction} with page and with after, as one page orders them`, async () => {
        const query = `sort=Resources.${field}&direction=${direction}`;
        const whole = (await list(`${query}&limit=1000`)).body;
        const sign = direction === 'asc' ? 1 : -1;
        const expected = [...whole].sort((a, b) => (a[field] === b[field] ? (a.id < b.id ? -1 : 1) : a[field] < b[field] ? -sign : sign));
        expect(whole.map((r) => r.id)).toEqual(expected.map((r) => r.id));
        expect(new Set(whole.map((r) => r.id))).toEqual(new Set([...direct, ...viaGroup]));
        const { count, byPage, byCursor } = await pageThrough(query, 6, field);
        expect(count).toBe(whole.length);
        expect(byPage).toEqual(whole);
        expect(byCursor).toEqual(whole);
      });
    }
  }

  it('lists by name (the default) in index order as a sort of the long-standing list orders them', async () => {
    const reference = (await list('sort=Resources.username')).body as (Row & { name: string })[];
    const expected = [...reference].sort((a, b) => (a.name === b.name ? (a.id < b.id ? -1 : 1) : a.name < b.name ? -1 : 1));
    const whole = await list('');
    expect(whole.body).toEqual(expected);
    expect(whole.header.pagination).toEqual({ count: expected.length, page: 1, limit: null });
    const paged: Row[] = [];
    for (let page = 1; page <= 9; page++) paged.push(...(await list(`limit=6&page=${page}`)).body);
    expect(paged).toEqual(expected);
  });

  it('counts and pages filtered lists as the unpaged list filters them', async () => {
    const filters = ['filter[is-owned-by-me]=1', 'filter[is-shared-with-me]=1', 'filter[is-favorite]=1', 'filter[is-favorite]=0',
      `filter[is-shared-with-group]=${groupId}`, `filter[has-id][]=${direct[0]}&filter[has-id][]=${viaGroup[0]}`];
    for (const filter of filters) {
      const reference = (await list(`${filter}&sort=Resources.username`)).body; // no limit, sorted after a join: the long-standing path
      const { count, byPage, byCursor } = await pageThrough(`${filter}&sort=Resources.created&direction=asc`, 4, 'created');
      expect(count, filter).toBe(reference.length);
      expect(new Set(byPage.map((r) => r.id)), filter).toEqual(new Set(reference.map((r) => r.id)));
      expect(byCursor, filter).toEqual(byPage);
    }
    const owned = (await list('filter[is-owned-by-me]=1&sort=Resources.created&limit=100')).body;
    expect(owned.map((r) => r.id).sort()).toEqual(viaGroup.slice(-4).sort());
  });

  it('leaves out resources of a deleted resource type, in the rows and in the count', async () => {
    await db.updateTable('resources').set({ resource_type_id: PASSWORD_AND_DESCRIPTION_ID }).where('id', 'in', direct.slice(0, 3)).execute();
    await db.updateTable('resource_types').set({ deleted: stamp(0) }).where('id', '=', PASSWORD_AND_DESCRIPTION_ID).execute();
    try {
      for (const sort of ['Resources.created', 'Resources.name']) {
        const res = await list(`sort=${sort}&limit=1000`);
        expect(res.body.some((r) => direct.slice(0, 3).includes(r.id))).toBe(false);
        expect(res.header.pagination).toMatchObject({ count: res.body.length });
      }
    } finally {
      await db.updateTable('resource_types').set({ deleted: null }).where('id', '=', PASSWORD_AND_DESCRIPTION_ID).execute();
    }
  });

  it("gives the caller's own permission the same way whether or not every permission is contained", async () => {
    // A tie between a direct permission and a group's goes to the direct one.
    const tied = await seedResources(db, { count: 2, ownerId: reader.id, secretFor: new Map(), grants: [{ aro: 'Group', id: groupId, type: 15 }] });
    type Own = { id: string; permission: { aro: string; aro_foreign_key: string; type: number } };
    for (const query of ['sort=Resources.created&limit=1000', 'sort=Resources.name&limit=20&page=2', 'limit=1000']) {
      const own = (await asReader.get<Own[]>(`/resources.json?contain[permission]=1&${query}`)).body;
      const withAll = (await asReader.get<Own[]>(`/resources.json?contain[permission]=1&contain[permissions]=1&${query}`)).body;
      expect(withAll.map((r) => [r.id, r.permission]), query).toEqual(own.map((r) => [r.id, r.permission]));
    }
    const byId = new Map((await list('sort=Resources.created&limit=1000')).body.map((r) => [r.id, r as unknown as Own]));
    for (const id of viaGroup.slice(-4)) expect(byId.get(id)!.permission).toMatchObject({ aro: 'Group', aro_foreign_key: groupId, type: 15 });
    for (const id of tied) expect(byId.get(id)!.permission).toMatchObject({ aro: 'User', aro_foreign_key: reader.id, type: 15 });
    for (const id of direct.slice(3)) expect(byId.get(id)!.permission).toMatchObject({ aro: 'User', type: 7 });
  });

  it('refuses a malformed continuation, or one on a sort it cannot follow', async () => {
    const bad = [`after=${encodeURIComponent(`${stamp(1)}|not-a-uuid`)}&sort=Resources.created`, 'after=nonsense&sort=Resources.created',
      `after=${encodeURIComponent(`${stamp(1)}|${direct[0]}`)}&sort=Resources.name`, `after=${encodeURIComponent(`${stamp(1)}|${direct[0]}`)}`,
      `after=a&after=b&sort=Resources.created`];
    for (const query of bad) {
      const res = await asReader.get(`/resources.json?limit=5&${query}`);
      expect(res.status, query).toBe(400);
    }
  });
});
