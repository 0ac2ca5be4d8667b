// Resources, secrets, permissions, favorites and resource types over HTTP on both databases, with the
// completeness rules: every refused write answers 400 and stores nothing (row counts are compared).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as openpgp from 'openpgp';
import { dialects, type TestDatabase } from '../test-support/databases';
import { startServerInProcess, type InProcessServer } from '../test-support/server-process';
import { encryptFor, login, seedGroup, seedUser, type JsonClient, type SeededUser } from '../../bench/server/fixtures';
import { PASSWORD_AND_DESCRIPTION_ID, PASSWORD_STRING_ID } from '../storage/migrations/0020-resource-types';
import { isUuid } from '../http/validation';
import type { Kysely } from 'kysely';
import { seedResources } from '../../bench/server/seed';
import type { Database } from '../storage/schema';

interface Resource { id: string; name: string; description: string | null; permission?: { type: number };
  favorite?: { id: string } | null; secrets?: { data: string }[]; permissions?: { aro: string; user?: { profile?: unknown }; group?: unknown }[];
  creator?: { id: string }; resource_type?: { slug: string } }

async function counts(db: Kysely<Database>) {
  const n = async (t: 'resources' | 'permissions' | 'secrets' | 'favorites' | 'groups_users') =>
    Number((await db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { resources: await n('resources'), permissions: await n('permissions'), secrets: await n('secrets'),
    favorites: await n('favorites'), groups_users: await n('groups_users'),
    secretData: (await db.selectFrom('secrets').select(['id', 'data']).orderBy('id').execute()).map((r) => `${r.id}:${r.data.length}:${r.data.slice(-60)}`) };
}

/** Cleartext and malformed variants of a secret, each of which must be refused. */
async function badSecretsFor(user: SeededUser, other: SeededUser): Promise<Record<string, unknown>> {
  const literal = await openpgp.createMessage({ text: 'hunter2' });
  return {
    'plain text': 'hunter2',
    'JSON cleartext': '{"password":"hunter2","description":null}',
    'unencrypted OpenPGP literal message': literal.armor(),
    'signed but not encrypted': await openpgp.sign({ message: literal, signingKeys: user.privateKey }),
    'password-encrypted': await openpgp.encrypt({ message: literal, passwords: ['x'] }),
    garbage: '-----BEGIN PGP MESSAGE-----\n\nAAAA\n-----END PGP MESSAGE-----',
    'wrong key': await encryptFor(other.publicKey, 'hunter2'),
    'several recipients': await encryptFor([user.publicKey, other.publicKey], 'hunter2'),
    'a number': 42,
    'an object': { data: 'x' },
  };
}

describe.each(dialects)('resources API on $name', ({ create }) => {
  let target: TestDatabase;
  let server: InProcessServer;
  let db: Kysely<Database>;
  let alice: SeededUser; let bob: SeededUser; let carol: SeededUser; let dave: SeededUser;
  let asAlice: JsonClient; let asBob: JsonClient; let asCarol: JsonClient;

  const newResource = async (owner: SeededUser, client: JsonClient, extra: Record<string, unknown> = {}) => {
    const res = await client.post<Resource>('/resources.json', { name: `r-${Math.random()}`, resource_type_id: PASSWORD_STRING_ID,
      secrets: [{ data: await encryptFor(owner.publicKey, 'pw', owner.privateKey) }], ...extra });
    expect(res.status, JSON.stringify(res.raw)).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    target = await create();
    server = await startServerInProcess({ db: target.url });
    db = server.deps.db;
    [alice, bob, carol, dave] = [await seedUser(db), await seedUser(db), await seedUser(db), await seedUser(db)];
    [asAlice, asBob, asCarol] = await Promise.all([alice, bob, carol].map((u) => login(server.url, u)));
  });
  afterAll(async () => { await server?.stop(); await target?.drop(); });

  it('lists the resource types with their Passbolt ids', async () => {
    const list = await asAlice.get<{ id: string; slug: string; definition: { secret: unknown } }[]>('/resource-types.json');
    expect(list.status).toBe(200);
    expect(list.body.map((t) => [t.slug, t.id])).toEqual([
      ['password-and-description', PASSWORD_AND_DESCRIPTION_ID], ['password-string', PASSWORD_STRING_ID]]);
    expect(list.body[1]!.definition.secret).toEqual({ type: 'string', maxLength: 4096 });
    expect((await asAlice.get('/resource-types.json?filter[is-deleted]=1')).body).toEqual([]);
    expect((await asAlice.get(`/resource-types/${PASSWORD_STRING_ID}.json`)).status).toBe(200);
    expect((await asAlice.get('/resource-types/5f0d1a2e-0000-4000-8000-000000000000.json')).status).toBe(404);
    expect((await new (asAlice.constructor as typeof JsonClient)(server.url).get('/resource-types.json')).status).toBe(401);
  });

  it('creates with exactly the creator secret and answers with permission, favorite, creator, modifier, secrets', async () => {
    const r = await newResource(alice, asAlice, { username: 'root', uri: 'https://x', description: 'kept for password-string' });
    expect(r.permission!.type).toBe(15);
    expect(r.favorite).toBeNull();
    expect(r.creator!.id).toBe(alice.id);
    expect(r.secrets).toHaveLength(1);
    expect(r.description).toBe('kept for password-string');
    const pad = await newResource(alice, asAlice, { resource_type_id: PASSWORD_AND_DESCRIPTION_ID, description: 'secret words' });
    expect(pad.description).toBeNull();
    const stored = await db.selectFrom('resources').select('description').where('id', '=', pad.id).executeTakeFirstOrThrow();
    expect(stored.description).toBeNull();
  });

  it('gives resources created one after another ids in creation order, and their permission and secret rows too', async () => {
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await newResource(alice, asAlice));
    const ids = made.map((r) => r.id);
    expect([...ids].sort()).toEqual(ids);
    // Version 7: the creation time leads, so the order holds across processes too, not only for these three.
    expect(ids.every((id) => isUuid(id) && id[14] === '7')).toBe(true);
    const rowIds = async (table: 'permissions' | 'secrets', column: 'aco_foreign_key' | 'resource_id') => {
      const rows = await db.selectFrom(table).select(['id', column]).where(column, 'in', ids).execute() as Record<string, string>[];
      return ids.map((id) => rows.find((row) => row[column] === id)!.id);
    };
    for (const rows of [await rowIds('permissions', 'aco_foreign_key'), await rowIds('secrets', 'resource_id')]) {
      expect([...rows].sort()).toEqual(rows);
    }
  });

  it('refuses a create with no secret, two secrets, another user\'s secret or a bad message, storing nothing', async () => {
    const before = await counts(db);
    const good = await encryptFor(alice.publicKey, 'pw', alice.privateKey);
    const bodies: [string, unknown, string][] = [
      ['no secrets', { name: 'x', secrets: [] }, 'secrets'],
      ['missing secrets', { name: 'x' }, 'secrets'],
      ['two secrets', { name: 'x', secrets: [{ data: good }, { data: good }] }, 'secrets'],
      ['secret for bob', { name: 'x', secrets: [{ user_id: bob.id, data: await encryptFor(bob.publicKey, 'pw') }] }, 'secrets'],
      ['name too long', { name: 'n'.repeat(256), secrets: [{ data: good }] }, 'name'],
      ['empty name', { name: '', secrets: [{ data: good }] }, 'name'],
      ['username too long', { name: 'x', username: 'u'.repeat(256), secrets: [{ data: good }] }, 'username'],
      ['uri too long', { name: 'x', uri: 'h'.repeat(1025), secrets: [{ data: good }] }, 'uri'],
      ['description too long', { name: 'x', description: 'd'.repeat(10001), secrets: [{ data: good }] }, 'description'],
      ['unknown type', { name: 'x', resource_type_id: '11111111-1111-4111-8111-111111111111', secrets: [{ data: good }] }, 'resource_type_id'],
      ['v5 metadata', { metadata: '-----BEGIN PGP MESSAGE-----', secrets: [{ data: good }] }, 'metadata'],
    ];
    for (const [label, data] of Object.entries(await badSecretsFor(alice, bob))) bodies.push([label, { name: 'x', secrets: [{ data }] }, 'secrets']);
    for (const [label, body, field] of bodies) {
      const res = await asAlice.post('/resources.json', body);
      expect(res.status, label).toBe(400);
      expect(Object.keys(res.body as object), label).toContain(field);
      expect(res.header.status, label).toBe('error');
    }
    const multi = await asAlice.post<{ secrets: Record<string, Record<string, Record<string, string>>> }>('/resources.json',
      { name: 'x', secrets: [{ data: await encryptFor([alice.publicKey, bob.publicKey], 'pw') }] });
    expect(Object.keys(multi.body.secrets['0']!.data!)).toEqual(['hasOneRecipient']);
    const garbage = await asAlice.post('/resources.json', { name: 'x', secrets: [{ data: 'hunter2' }] });
    expect(garbage.body).toEqual({ secrets: { 0: { data: { isValidOpenPGPMessage: 'The message should be a valid OpenPGP message.' } } } });
    expect(await counts(db)).toEqual(before);
  });

  it('updates metadata with update permission and secrets only with one per reader', async () => {
    const r = await newResource(alice, asAlice);
    await db.insertInto('permissions').values([
      { id: crypto.randomUUID(), aco: 'Resource', aco_foreign_key: r.id, aro: 'User', aro_foreign_key: bob.id, type: 7, created: 'x', modified: 'x' },
      { id: crypto.randomUUID(), aco: 'Resource', aco_foreign_key: r.id, aro: 'User', aro_foreign_key: carol.id, type: 1, created: 'x', modified: 'x' },
    ]).execute();
    await db.insertInto('secrets').values([bob, carol].map((u) => ({ id: crypto.randomUUID(), user_id: u.id, resource_id: r.id,
      data: 'seeded', created: 'x', modified: 'x', created_by: alice.id, modified_by: alice.id }))).execute();
    // A reader cannot update; a user without access learns nothing.
    expect((await asCarol.put(`/resources/${r.id}.json`, { name: 'renamed' })).status).toBe(403);
    const asDave = await login(server.url, dave);
    expect((await asDave.put(`/resources/${r.id}.json`, { name: 'renamed' })).status).toBe(404);
    const renamed = await asBob.put<Resource>(`/resources/${r.id}.json`, { name: 'renamed by bob' });
    expect(renamed.status, JSON.stringify(renamed.raw)).toBe(200);
    expect(renamed.body.name).toBe('renamed by bob');

    const enc = async (u: SeededUser, text = 'new') => encryptFor(u.publicKey, text, bob.privateKey);
    const full = [{ user_id: alice.id, data: await enc(alice) }, { user_id: bob.id, data: await enc(bob) }, { user_id: carol.id, data: await enc(carol) }];
    const before = await counts(db);
    const refusals: [string, unknown[]][] = [
      ['too few', full.slice(0, 2)],
      ['too many', [...full, { user_id: dave.id, data: await enc(dave) }]],
      ['duplicate', [...full.slice(0, 2), { ...full[1]! }]],
      ['wrong key for carol', [...full.slice(0, 2), { user_id: carol.id, data: await enc(alice) }]],
      ['multi recipient', [...full.slice(0, 2), { user_id: carol.id, data: await encryptFor([carol.publicKey, dave.publicKey], 'x') }]],
      ['cleartext', [...full.slice(0, 2), { user_id: carol.id, data: 'new' }]],
      ['other resource', [...full.slice(0, 2), { ...full[2]!, resource_id: '11111111-1111-4111-8111-111111111111' }]],
    ];
    for (const [label, secrets] of refusals) {
      const res = await asBob.put(`/resources/${r.id}.json`, { name: 'must not stick', secrets });
      expect(res.status, `${label}: ${JSON.stringify(res.raw)}`).toBe(400);
      expect(Object.keys(res.body as object), label).toEqual(['secrets']);
    }
    expect(await counts(db)).toEqual(before);
    expect((await asBob.get<Resource>(`/resources/${r.id}.json`)).body.name).toBe('renamed by bob');
    const secretRows = () => db.selectFrom('secrets').select(['id', 'user_id', 'data', 'modified_by']).where('resource_id', '=', r.id)
      .orderBy('user_id').execute();
    const idsBefore = (await secretRows()).map((row) => row.id);
    const ok = await asBob.put<Resource>(`/resources/${r.id}.json`, { name: 'rotated', secrets: full });
    expect(ok.status, JSON.stringify(ok.raw)).toBe(200);
    // Every reader's row now holds its new data, rewritten in place (same row ids).
    const expected = [...full].sort((a, b) => a.user_id.localeCompare(b.user_id)).map((f) => [f.user_id, f.data, bob.id]);
    const after = await secretRows();
    expect(after.map((row) => [row.user_id, row.data, row.modified_by])).toEqual(expected);
    expect(after.map((row) => row.id)).toEqual(idsBefore);

    // A reader whose row went missing gets one from the next update.
    await db.deleteFrom('secrets').where('resource_id', '=', r.id).where('user_id', '=', carol.id).execute();
    const again = [{ ...full[0]!, data: await enc(alice, 'again') }, { ...full[1]!, data: await enc(bob, 'again') }, { ...full[2]!, data: await enc(carol, 'again') }];
    expect((await asBob.put(`/resources/${r.id}.json`, { secrets: again })).status).toBe(200);
    expect((await secretRows()).map((row) => [row.user_id, row.data]))
      .toEqual([...again].sort((a, b) => a.user_id.localeCompare(b.user_id)).map((f) => [f.user_id, f.data]));
  });

  it('indexes with contains, filters, sorting and pagination', async () => {
    const asDave = await login(server.url, dave);
    const names = ['charlie', 'alpha', 'bravo'];
    const made: Resource[] = [];
    for (const name of names) made.push(await newResource(dave, asDave, { name, uri: `https://${name}` }));
    const page = await asDave.get<Resource[]>('/resources.json?limit=2&page=1&sort=Resources.name&direction=asc');
    expect(page.status).toBe(200);
    expect(page.body.map((r) => r.name)).toEqual(['alpha', 'bravo']);
    expect(page.header.pagination).toEqual({ count: 3, page: 1, limit: 2 });
    const desc = await asDave.get<Resource[]>('/resources.json?sort=Resources.name&direction=desc');
    expect(desc.body.map((r) => r.name)).toEqual(['charlie', 'bravo', 'alpha']);
    expect((await asDave.get('/resources.json?sort=Resources.secret')).status).toBe(400);

    const fav = await asDave.post<{ id: string; foreign_key: string }>(`/favorites/resource/${made[0]!.id}.json`);
    expect(fav.status).toBe(200);
    expect((await asDave.post(`/favorites/resource/${made[0]!.id}.json`)).status).toBe(400);
    expect((await asDave.get<Resource[]>('/resources.json?filter[is-favorite]=1')).body.map((r) => r.name)).toEqual(['charlie']);
    expect((await asDave.get<Resource[]>('/resources.json?filter[is-favorite]=0')).body).toHaveLength(2);
    expect((await asDave.get<Resource[]>(`/resources.json?filter[has-id][]=${made[1]!.id}&filter[has-id][]=${made[2]!.id}`)).body
      .map((r) => r.name)).toEqual(['alpha', 'bravo']);

    // Share "alpha" with a group Alice is in: Alice sees it through the group, not as owner.
    const gid = await seedGroup(db, 'Readers', [alice.id]);
    await db.insertInto('permissions').values({ id: crypto.randomUUID(), aco: 'Resource', aco_foreign_key: made[1]!.id, aro: 'Group',
      aro_foreign_key: gid, type: 1, created: 'x', modified: 'x' }).execute();
    await db.insertInto('secrets').values({ id: crypto.randomUUID(), user_id: alice.id, resource_id: made[1]!.id, data: 'x',
      created: 'x', modified: 'x', created_by: null, modified_by: null }).execute();
    const shared = await asAlice.get<Resource[]>('/resources.json?filter[is-shared-with-me]=1&contain[permission]=1');
    expect(shared.body.map((r) => [r.name, r.permission!.type])).toEqual([['alpha', 1]]);
    expect((await asAlice.get<Resource[]>(`/resources.json?filter[is-shared-with-group]=${gid}`)).body.map((r) => r.name)).toEqual(['alpha']);
    expect((await asAlice.get<Resource[]>('/resources.json?filter[is-owned-by-me]=1')).body.every((r) => r.name !== 'alpha')).toBe(true);

    const full = await asDave.get<Resource[]>(`/resources.json?filter[has-id][]=${made[1]!.id}&contain[permissions.user.profile]=1&contain[permissions.group]=1&contain[secret]=1&contain[favorite]=1&contain[creator]=1&contain[resource-type]=1`);
    const alpha = full.body[0]!;
    expect(alpha.permissions!.map((p) => p.aro).sort()).toEqual(['Group', 'User']);
    expect(alpha.permissions!.find((p) => p.aro === 'User')!.user!.profile).toBeTruthy();
    expect(alpha.permissions!.find((p) => p.aro === 'Group')!.group).toMatchObject({ id: gid, name: 'Readers' });
    expect(alpha.secrets).toHaveLength(1);
    expect(alpha.favorite).toBeNull();
    expect(alpha.creator!.id).toBe(dave.id);
    expect(alpha.resource_type!.slug).toBe('password-string');

    // Permissions are visible to readers; favorites belong to their user only.
    const perms = await asAlice.get<{ aro: string; group?: { name: string } }[]>(`/permissions/resource/${made[1]!.id}.json?contain[group]=1`);
    expect(perms.status).toBe(200);
    expect(perms.body.find((p) => p.aro === 'Group')!.group!.name).toBe('Readers');
    expect((await asBob.get(`/permissions/resource/${made[1]!.id}.json`)).status).toBe(404);
    expect((await asAlice.delete(`/favorites/${fav.body.id}.json`)).status).toBe(404);
    expect((await asDave.delete(`/favorites/${fav.body.id}.json`)).status).toBe(200);
    expect((await asDave.delete(`/favorites/${fav.body.id}.json`)).status).toBe(404);
  });

  it('soft-deletes: secrets, permissions and favorites go, the resource is then 404', async () => {
    const r = await newResource(alice, asAlice);
    await asAlice.post(`/favorites/resource/${r.id}.json`);
    await db.insertInto('permissions').values({ id: crypto.randomUUID(), aco: 'Resource', aco_foreign_key: r.id, aro: 'User',
      aro_foreign_key: carol.id, type: 1, created: 'x', modified: 'x' }).execute();
    expect((await asCarol.delete(`/resources/${r.id}.json`)).status).toBe(403);
    expect((await asBob.delete(`/resources/${r.id}.json`)).status).toBe(404);
    expect((await asAlice.delete(`/resources/${r.id}.json`)).status).toBe(200);
    for (const t of ['secrets', 'favorites'] as const) {
      const col = t === 'secrets' ? 'resource_id' : 'foreign_key';
      expect(await db.selectFrom(t).select('id').where(col, '=', r.id).execute(), t).toEqual([]);
    }
    expect(await db.selectFrom('permissions').select('id').where('aco_foreign_key', '=', r.id).execute()).toEqual([]);
    expect((await db.selectFrom('resources').select('deleted').where('id', '=', r.id).executeTakeFirstOrThrow()).deleted).toBe(1);
    expect((await asAlice.get(`/resources/${r.id}.json`)).status).toBe(404);
    expect((await asAlice.get(`/secrets/resource/${r.id}.json`)).status).toBe(404);
    expect((await asAlice.delete(`/resources/${r.id}.json`)).status).toBe(404);
  });

  it('shares only with exactly the secrets of the added users, storing nothing otherwise', async () => {
    const r = await newResource(alice, asAlice);
    const gid = await seedGroup(db, `G-${r.id.slice(0, 6)}`, [carol.id], [dave.id]);
    const perms = [
      { aro: 'User', aro_foreign_key: bob.id, type: 1 },
      { aro: 'Group', aro_foreign_key: gid, type: 7 },
    ];
    const sim = await asAlice.post<{ changes: { added: { User: { id: string } }[]; removed: unknown[] } }>(`/share/simulate/resource/${r.id}.json`, { permissions: perms });
    expect(sim.body.changes.added.map((a) => a.User.id).sort()).toEqual([bob.id, carol.id, dave.id].sort());
    const enc = (u: SeededUser) => encryptFor(u.publicKey, 'pw', alice.privateKey);
    const full = [{ user_id: bob.id, data: await enc(bob) }, { user_id: carol.id, data: await enc(carol) }, { user_id: dave.id, data: await enc(dave) }];
    const bad = await badSecretsFor(dave, alice);
    const before = await counts(db);
    const refusals: [string, unknown][] = [
      ['too few', { permissions: perms, secrets: full.slice(0, 2) }],
      ['none', { permissions: perms }],
      ['extra for alice', { permissions: perms, secrets: [...full, { user_id: alice.id, data: await encryptFor(alice.publicKey, 'pw') }] }],
      ['duplicate', { permissions: perms, secrets: [...full, full[0]] }],
      ...Object.entries(bad).map(([label, data]) => [label, { permissions: perms, secrets: [...full.slice(0, 2), { user_id: dave.id, data }] }] as [string, unknown]),
      ['no owner left', { permissions: [...perms, { id: (await db.selectFrom('permissions').select('id').where('aco_foreign_key', '=', r.id).executeTakeFirstOrThrow()).id, delete: true }], secrets: full }],
      ['unknown user', { permissions: [{ aro: 'User', aro_foreign_key: '11111111-1111-4111-8111-111111111111', type: 1 }] }],
      ['bad type', { permissions: [{ aro: 'User', aro_foreign_key: bob.id, type: 3 }], secrets: [full[0]] }],
    ];
    for (const [label, body] of refusals) {
      const res = await asAlice.put(`/share/resource/${r.id}.json`, body);
      expect(res.status, `${label}: ${JSON.stringify(res.raw).slice(0, 300)}`).toBe(400);
    }
    expect(await counts(db)).toEqual(before);
    // Readers and editors cannot share; strangers learn nothing.
    expect((await asBob.put(`/share/resource/${r.id}.json`, { permissions: perms, secrets: full })).status).toBe(404);
    const ok = await asAlice.put(`/share/resource/${r.id}.json`, { permissions: perms, secrets: full });
    expect(ok.status, JSON.stringify(ok.raw)).toBe(200);
    expect((await asBob.put(`/share/resource/${r.id}.json`, { permissions: [] })).status).toBe(403);
    const rows = await db.selectFrom('secrets').select('user_id').where('resource_id', '=', r.id).execute();
    expect(rows.map((x) => x.user_id).sort()).toEqual([alice.id, bob.id, carol.id, dave.id].sort());
    // Queued "shared with you" mails, one per added user.
    const mails = await db.selectFrom('mail_queue').select(['recipient', 'template']).where('template', '=', 'resource_shared').execute();
    for (const u of [bob, carol, dave]) expect(mails.some((m) => m.recipient === u.username), u.username).toBe(true);
  });

  it('finds users and groups to share with', async () => {
    const res = await asAlice.get<{ id: string; username?: string; name?: string; user_count?: number }[]>(
      `/share/search-aros.json?filter[search]=${encodeURIComponent(bob.username.slice(0, 10))}`);
    expect(res.status).toBe(200);
    expect(res.body.map((a) => a.id)).toContain(bob.id);
    const groups = await asAlice.get<{ name?: string; user_count?: number }[]>('/share/search-aros.json?filter[search]=readers');
    expect(groups.body.find((g) => g.name === 'Readers')?.user_count).toBe(1);
    const all = await asAlice.get<unknown[]>('/share/search-aros.json');
    expect(all.body.length).toBeLessThanOrEqual(50);
    expect((await asAlice.get<unknown[]>('/share/search-aros.json?filter[search]=%25')).body).toEqual([]);
    // A user found by the search gets their key ids read in the background, ready for the share that follows.
    const fresh = await seedUser(db);
    const found = await asAlice.get<{ id: string }[]>(`/share/search-aros.json?filter[search]=${encodeURIComponent(fresh.username)}`);
    expect(found.body.map((a) => a.id)).toEqual([fresh.id]);
    const subkey = fresh.publicKey.subkeys[0]!.getKeyID().toHex();
    const stored = async () => (await db.selectFrom('recipient_key_ids').select('key_ids').execute()).map((r) => r.key_ids);
    for (let i = 0; i < 100 && !(await stored()).includes(subkey); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await stored()).toContain(subkey);
  });

  it('answers a page of more than a thousand resources with the right permission, favorite and secret on each', async () => {
    const reader = await seedUser(db);
    const owner = await seedUser(db);
    const gid = await seedGroup(db, 'Large page', [owner.id], [reader.id]);
    const data = await encryptFor(reader.publicKey, 'pw');
    const direct = await seedResources(db, { count: 600, ownerId: owner.id, secretFor: new Map([[reader.id, data]]), grants: [{ aro: 'User', id: reader.id, type: 7 }] });
    const viaGroup = await seedResources(db, { count: 500, ownerId: owner.id, secretFor: new Map([[reader.id, data]]), grants: [{ aro: 'Group', id: gid, type: 1 }] });
    // One resource reachable both ways: the higher (direct, 7) permission wins.
    await db.insertInto('permissions').values({ id: crypto.randomUUID(), aco: 'Resource', aco_foreign_key: direct[0]!, aro: 'Group',
      aro_foreign_key: gid, type: 1, created: 'x', modified: 'x' }).execute();
    // One reachable both ways at the same type: the direct permission is the one shown.
    await db.insertInto('permissions').values({ id: crypto.randomUUID(), aco: 'Resource', aco_foreign_key: viaGroup[0]!, aro: 'User',
      aro_foreign_key: reader.id, type: 1, created: 'x', modified: 'x' }).execute();
    const asReader = await login(server.url, reader);
    await asReader.post(`/favorites/resource/${viaGroup[3]}.json`);
    await asAlice.post(`/favorites/resource/${direct[5]}.json`); // Alice has no access: 404, and nothing to leak
    const res = await asReader.get<Resource[]>('/resources.json?contain[permission]=1&contain[favorite]=1&contain[secret]=1');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1100);
    expect(res.header.pagination).toEqual({ count: 1100, page: 1, limit: null });
    const byId = new Map(res.body.map((r) => [r.id, r]));
    expect(direct.every((id) => byId.get(id)!.permission!.type === 7)).toBe(true);
    expect(viaGroup.every((id) => byId.get(id)!.permission!.type === 1)).toBe(true);
    expect(res.body.filter((r) => r.favorite).map((r) => r.id)).toEqual([viaGroup[3]]);
    expect(res.body.every((r) => r.secrets!.length === 1 && r.secrets![0]!.data === data)).toBe(true);
    expect(byId.get(viaGroup[0]!)!.permission).toMatchObject({ aro: 'User', aro_foreign_key: reader.id, type: 1 });
    expect(byId.get(direct[0]!)!.permission).toMatchObject({ aro: 'User', type: 7 });

    // Pages read the caller's permissions and favorites by id, the whole list reads them all: both agree.
    const paged: Resource[] = [];
    for (let page = 1; page <= 3; page++) {
      paged.push(...(await asReader.get<Resource[]>(`/resources.json?contain[permission]=1&contain[favorite]=1&contain[secret]=1&limit=500&page=${page}`)).body);
    }
    expect(paged).toEqual(res.body);
  });
});
