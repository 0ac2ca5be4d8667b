// Secret completeness as a property: for random permission changes (users and a
// group) and random secret sets (subsets, extras, duplicates, wrong keys), a share succeeds exactly when the
// secrets name each newly added user once, each encrypted to that user; otherwise it is a 400 that stores
// nothing. Checked against the oracle on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { dialects, type TestDatabase } from '../test-support/databases';
import { startServerInProcess, type InProcessServer } from '../test-support/server-process';
import { encryptFor, login, seedGroup, seedUser, type JsonClient, type SeededUser } from '../../bench/server/fixtures';
import { seedResources } from '../../bench/server/seed';
import type { Database } from '../storage/schema';

describe.each(dialects)('share completeness property on $name', ({ create }) => {
  let target: TestDatabase;
  let server: InProcessServer;
  let db: Kysely<Database>;
  let owner: SeededUser;
  let people: SeededUser[];
  let groupMembers: SeededUser[];
  let groupId: string;
  let asOwner: JsonClient;
  const goodFor = new Map<string, string>();
  const wrongFor = new Map<string, string>();

  beforeAll(async () => {
    target = await create();
    server = await startServerInProcess({ db: target.url });
    db = server.deps.db;
    owner = await seedUser(db);
    people = [];
    for (let i = 0; i < 5; i++) people.push(await seedUser(db));
    groupMembers = [people[3]!, people[4]!];
    groupId = await seedGroup(db, 'Property', [people[3]!.id], [people[4]!.id]);
    for (const p of people) {
      goodFor.set(p.id, await encryptFor(p.publicKey, 'pw', owner.privateKey));
      wrongFor.set(p.id, await encryptFor(owner.publicKey, 'pw', owner.privateKey));
    }
    asOwner = await login(server.url, owner);
  });
  afterAll(async () => { await server?.stop(); await target?.drop(); });

  const count = async (t: 'secrets' | 'permissions') => Number((await db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('succeeds exactly when the secrets match the added users', async () => {
    const scenario = fc.record({
      direct: fc.subarray([0, 1, 2, 3]),
      withGroup: fc.boolean(),
      // Each secret: whose, and whether it is encrypted to the right key.
      secrets: fc.array(fc.record({ who: fc.integer({ min: 0, max: 4 }), rightKey: fc.boolean() }), { maxLength: 7 }),
      exact: fc.boolean(),
    });
    let successes = 0;
    let refusals = 0;
    await fc.assert(fc.asyncProperty(scenario, async ({ direct, withGroup, secrets, exact }) => {
      const [rid] = await seedResources(db, { count: 1, ownerId: owner.id, secretFor: new Map([[owner.id, 'seed']]), grants: [] });
      const permissions = [
        ...direct.map((i) => ({ aro: 'User', aro_foreign_key: people[i]!.id, type: 1 })),
        ...(withGroup ? [{ aro: 'Group', aro_foreign_key: groupId, type: 7 }] : []),
      ];
      const added = new Set([...direct.map((i) => people[i]!.id), ...(withGroup ? groupMembers.map((m) => m.id) : [])]);
      // Half the runs send the exact set (so successes are common), the rest the generated one.
      const sent = exact ? [...added].map((id) => ({ id, rightKey: true })) : secrets.map((s) => ({ id: people[s.who]!.id, rightKey: s.rightKey }));
      const body = { permissions, secrets: sent.map((s) => ({ resource_id: rid, user_id: s.id, data: (s.rightKey ? goodFor : wrongFor).get(s.id) })) };
      const ids = sent.map((s) => s.id);
      const shouldSucceed = ids.length === added.size && new Set(ids).size === ids.length && ids.every((id) => added.has(id))
        && sent.every((s) => s.rightKey);
      const before = { secrets: await count('secrets'), permissions: await count('permissions') };
      const res = await asOwner.put(`/share/resource/${rid}.json`, body);
      if (shouldSucceed) {
        successes++;
        const holders = (await db.selectFrom('secrets').select('user_id').where('resource_id', '=', rid!).execute()).map((r) => r.user_id).sort();
        return res.status === 200 && JSON.stringify(holders) === JSON.stringify([owner.id, ...added].sort());
      }
      refusals++;
      const after = { secrets: await count('secrets'), permissions: await count('permissions') };
      return res.status === 400 && after.secrets === before.secrets && after.permissions === before.permissions;
    }), { numRuns: 60, seed: 42 });
    expect(successes).toBeGreaterThan(5);
    expect(refusals).toBeGreaterThan(5);
  }, 240_000);
});
