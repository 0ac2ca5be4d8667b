// A hostile server lies about who may do what and about the items themselves: it tells a reader they own an item,
// rewrites names and addresses, slips in entries that cannot be real, and leaves items out. The desktop stores what it
// cannot tell apart (v4 metadata and permissions are the server's word), refuses what is inconsistent, and never lets
// a forged permission widen who gets a secret.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encryptionKeyId, recipientKeyIds } from './test-support/forgery';
import { send } from './test-support/hostile-proxy';
import { shownSentence } from './test-support/plain-words';
import { domainErrorOf, startWorld, type Person, type World } from './test-support/world';

let world: World;
let ada: Person;
let bob: Person;
let deploy: string;

const RESOURCES = /^\/resources$/;
type Listed = { id: string; name: string; uri?: string | null; permission?: { type: number }; permissions?: { aro_foreign_key: string; type: number }[] };

beforeAll(async () => {
  world = await startWorld(['ada', 'bob']);
  ({ ada, bob } = world.people as Record<string, Person>);
  deploy = (await ada.machine.vault.create({ name: 'Deploy key', username: 'ci', uri: 'https://ci.example.com', password: 'deploy-pw-1' })).id;
  await ada.machine.share.apply(deploy, [{ action: 'add', aro: 'User', aroId: bob.userId, type: 1 }]);
  await bob.machine.sync.sync();
}, 60_000);

afterEach(() => world.proxy.clear());

afterAll(async () => {
  await world?.close();
});

describe('a forged permission', () => {
  it("claiming a reader owns an item only offers them actions the server decides; their secrets still go to the item's readers only", async () => {
    world.proxy.rewrite('GET', RESOURCES, (body) => (body as Listed[]).map((r) => (r.id !== deploy ? r : {
      ...r, permission: { ...r.permission, type: 15 },
      permissions: r.permissions?.map((p) => (p.aro_foreign_key === bob.userId ? { ...p, type: 15 } : p)),
    })));
    await bob.machine.sync.sync({ full: true });
    world.proxy.clear();
    // The app cannot tell: the permission is the server's word, so Bob's window offers owner actions.
    expect(bob.machine.vault.get(deploy).permission).toBe(15);

    const from = world.proxy.requests.length;
    const edit = await domainErrorOf(bob.machine.vault.update(deploy, { password: 'bob-was-here' }));
    expect(edit.code).toBe('PERMISSION_DENIED');
    shownSentence(edit);
    // What Bob's app sent was encrypted for Ada and Bob, the item's readers, and nobody else.
    const sent = world.proxy.seen('PUT', /^\/resources\//, from)[0]?.json as { secrets: { user_id: string; data: string }[] };
    const pinnedKeys = { [ada.userId]: await encryptionKeyId(userKey(ada)), [bob.userId]: await encryptionKeyId(userKey(bob)) };
    expect(sent.secrets.map((s) => s.user_id).sort()).toEqual([ada.userId, bob.userId].sort());
    for (const s of sent.secrets) expect(await recipientKeyIds(s.data)).toEqual([pinnedKeys[s.user_id]]);

    const adaPermission = (await bob.machine.share.permissions(deploy)).find((p) => p.aroId === ada.userId)!;
    const share = await domainErrorOf(bob.machine.share.apply(deploy, [{ action: 'update', permissionId: adaPermission.permissionId, type: 1 }]));
    expect(share.code).toBe('PERMISSION_DENIED');
    // The next honest sync puts the real permission back.
    await bob.machine.sync.sync({ full: true });
    expect(bob.machine.vault.get(deploy).permission).toBe(1);
    expect((await ada.machine.secrets.readField(deploy, 'password')).value).toBe('deploy-pw-1');
  });
});

describe('tampered metadata', () => {
  it('that is well-formed is stored and shown: v4 names and addresses are unsigned, so this cannot be detected', async () => {
    world.proxy.rewrite('GET', RESOURCES, (body) => (body as Listed[]).map((r) => (r.id === deploy ? { ...r, name: 'Deploy key (moved)', uri: 'https://evil.test/ci' } : r)));
    await bob.machine.sync.sync({ full: true });
    expect(bob.machine.vault.get(deploy)).toMatchObject({ name: 'Deploy key (moved)', uri: 'https://evil.test/ci' });
    world.proxy.clear();
    await bob.machine.sync.sync({ full: true });
    expect(bob.machine.vault.get(deploy)).toMatchObject({ name: 'Deploy key', uri: 'https://ci.example.com' });
  });

  it('that cannot be real (a permission of another item, fields longer than any server stores, broken ids) is skipped, not stored', async () => {
    world.proxy.rewrite('GET', RESOURCES, (body) => {
      const real = (body as (Listed & { permission: { aco_foreign_key: string } })[]).find((r) => r.id === deploy)!;
      const copy = (changes: object) => ({ ...real, id: randomUUID(), ...changes });
      const otherItems = copy({});
      otherItems.permission = { ...real.permission, aco_foreign_key: randomUUID() };
      return [...(body as unknown[]), otherItems, copy({ name: 'x'.repeat(100_000) }), copy({ uri: `https://${'a'.repeat(100_000)}` }), copy({ id: 'not-a-uuid' })];
    });
    const report = await bob.machine.sync.sync({ full: true });
    expect(report.skipped).toBe(4);
    expect(bob.machine.vault.list().map((r) => r.id)).toEqual([deploy]);
  });

  it('an item the server leaves out disappears with its cached secret: a server can always withhold', async () => {
    expect((await bob.machine.secrets.readField(deploy, 'password')).value).toBe('deploy-pw-1');
    // Consistently: the item is left out of the list and of the count the server gives for it.
    world.proxy.on('GET', RESOURCES, async (_req, res, upstream) => {
      const real = await upstream();
      const answer = JSON.parse(real.body.toString('utf8')) as { header: { pagination?: { count: number } }; body: Listed[] };
      const kept = answer.body.filter((r) => r.id !== deploy);
      if (answer.header.pagination) answer.header.pagination.count -= answer.body.length - kept.length;
      send(res, real.status, JSON.stringify({ ...answer, body: kept }), real.headers);
    });
    await bob.machine.sync.sync({ full: true });
    expect(bob.machine.vault.list()).toEqual([]);
    expect(bob.machine.session.current().cachedSecret(deploy)).toBeUndefined();
    world.proxy.clear();
    await bob.machine.sync.sync({ full: true });
    expect(bob.machine.vault.list().map((r) => r.id)).toEqual([deploy]);
  });
});

function userKey(person: Person): string {
  return person.machine.session.current().key.publicKey.armor();
}
