// Property-based robustness: malformed parameters, query strings and bodies thrown at
// every resources/sharing/groups route, anonymous and authenticated, must get a 4xx (or a success) in
// Passbolt's envelope, never a 5xx, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dialects, type TestDatabase } from '../test-support/databases';
import { startServerInProcess, type InProcessServer } from '../test-support/server-process';
import { fuzzRoutes, type FuzzTarget } from '../test-support/fuzz';
import { encryptFor, login, seedGroup, seedUser, type JsonClient } from '../../bench/server/fixtures';

const TARGETS: FuzzTarget[] = [
  { method: 'GET', path: '/resource-types.json' },
  { method: 'GET', path: '/resource-types/:id.json' },
  { method: 'GET', path: '/resources.json' },
  { method: 'GET', path: '/resources/:id.json' },
  { method: 'POST', path: '/resources.json' },
  { method: 'PUT', path: '/resources/:id.json' },
  { method: 'DELETE', path: '/resources/:id.json' },
  { method: 'GET', path: '/secrets/resource/:id.json' },
  { method: 'GET', path: '/permissions/resource/:id.json' },
  { method: 'POST', path: '/share/simulate/resource/:id.json' },
  { method: 'PUT', path: '/share/resource/:id.json' },
  { method: 'GET', path: '/share/search-aros.json' },
  { method: 'POST', path: '/favorites/resource/:id.json' },
  { method: 'DELETE', path: '/favorites/:id.json' },
  { method: 'GET', path: '/groups.json' },
  { method: 'GET', path: '/groups/:id.json' },
  { method: 'POST', path: '/groups.json' },
  { method: 'PUT', path: '/groups/:id.json' },
  { method: 'PUT', path: '/groups/:id/dry-run.json' },
  { method: 'DELETE', path: '/groups/:id.json' },
  { method: 'DELETE', path: '/groups/:id/dry-run.json' },
];

describe.each(dialects)('resources/sharing/groups routes under fuzzing on $name', ({ create }) => {
  let target: TestDatabase;
  let server: InProcessServer;
  let tokens: (string | null)[];
  let ids: string[];
  let asOwner: JsonClient;
  let validSecret: string;

  beforeAll(async () => {
    target = await create();
    server = await startServerInProcess({ db: target.url });
    const db = server.deps.db;
    const owner = await seedUser(db);
    const admin = await seedUser(db, { role: 'admin' });
    asOwner = await login(server.url, owner);
    const asAdmin = await login(server.url, admin);
    validSecret = await encryptFor(admin.publicKey, 'pw');
    const r = await asOwner.post<{ id: string }>('/resources.json', { name: 'fuzzed', secrets: [{ data: await encryptFor(owner.publicKey, 'pw') }] });
    const fav = await asOwner.post<{ id: string }>(`/favorites/resource/${r.body.id}.json`);
    const gid = await seedGroup(db, 'Fuzzed', [owner.id]);
    tokens = [null, asOwner.token, asAdmin.token];
    const perm = await db.selectFrom('permissions').select('id').where('aco_foreign_key', '=', r.body.id).executeTakeFirstOrThrow();
    const member = await db.selectFrom('groups_users').select('id').where('group_id', '=', gid).executeTakeFirstOrThrow();
    ids = [r.body.id, fav.body.id, gid, owner.id, admin.id, perm.id, member.id];
  });
  afterAll(async () => { await server?.stop(); await target?.drop(); });

  it('never answers 5xx and always answers in the envelope', async () => {
    const failures = await fuzzRoutes(server.url, TARGETS, { auth: tokens, ids, runs: 30, seed: 20261122 });
    expect(failures).toEqual([]);
  }, 240_000);

  it('answers structurally plausible but hostile share, group and resource bodies with a 4xx or a success', async () => {
    const id = fc.oneof(fc.constantFrom(...ids), fc.uuid(), fc.string({ maxLength: 8 }), fc.constant(null), fc.integer());
    const loose = fc.oneof(fc.constant(undefined), fc.constant(null), fc.boolean(), fc.integer({ min: -2, max: 20 }), fc.string({ maxLength: 6 }));
    const secret = fc.record({ user_id: id, resource_id: id, data: fc.oneof(fc.constant(validSecret), fc.string({ maxLength: 30 }), loose) },
      { requiredKeys: [] });
    const permission = fc.record({ id, aro: fc.oneof(fc.constantFrom('User', 'Group'), loose), aro_foreign_key: id,
      aco: fc.oneof(fc.constant('Resource'), loose), aco_foreign_key: id, type: fc.oneof(fc.constantFrom(1, 7, 15), loose), delete: loose },
    { requiredKeys: [] });
    const groupUser = fc.record({ id, user_id: id, is_admin: loose, delete: loose }, { requiredKeys: [] });
    const request = fc.oneof(
      fc.record({ permissions: fc.oneof(fc.array(permission, { maxLength: 4 }), loose), secrets: fc.oneof(fc.array(secret, { maxLength: 4 }), loose) },
        { requiredKeys: [] }).map((body) => ({ method: 'PUT', path: `/share/resource/${ids[0]}.json`, body })),
      fc.record({ permissions: fc.array(permission, { maxLength: 4 }) }).map((body) => ({ method: 'POST', path: `/share/simulate/resource/${ids[0]}.json`, body })),
      fc.tuple(fc.record({ name: fc.oneof(fc.string({ maxLength: 300 }), loose), groups_users: fc.oneof(fc.array(groupUser, { maxLength: 4 }), loose),
        secrets: fc.oneof(fc.array(secret, { maxLength: 3 }), loose) }, { requiredKeys: [] }), fc.boolean())
        .map(([body, dry]) => ({ method: 'PUT', path: `/groups/${ids[2]}${dry ? '/dry-run' : ''}.json`, body })),
      fc.record({ name: fc.oneof(fc.string({ maxLength: 300 }), loose), username: loose, uri: loose, description: loose,
        resource_type_id: id, expired: fc.oneof(fc.constant('2030-01-01T00:00:00Z'), loose), secrets: fc.oneof(fc.array(secret, { maxLength: 2 }), loose) },
      { requiredKeys: [] }).chain((body) => fc.constantFrom(
        { method: 'POST', path: '/resources.json', body }, { method: 'PUT', path: `/resources/${ids[0]}.json`, body })),
      fc.record({ transfer: fc.oneof(fc.record({ owners: fc.array(fc.record({ id, aco_foreign_key: id }), { maxLength: 3 }) }), loose) })
        .map((body) => ({ method: 'DELETE', path: `/groups/${ids[2]}/dry-run.json`, body })),
    );
    const bad: unknown[] = [];
    await fc.assert(fc.asyncProperty(request, async ({ method, path, body }) => {
      const res = await asOwner.call(method, path, body);
      const header = res.header as { code?: number };
      const ok = res.status < 500 && header.code === res.status;
      if (!ok) bad.push({ method, path, body, status: res.status, raw: res.raw });
      return ok;
    }), { numRuns: 150, seed: 7, endOnFailure: true }).catch((error: unknown) => { bad.push(String(error).slice(0, 2000)); });
    expect(bad).toEqual([]);
  }, 240_000);
});
