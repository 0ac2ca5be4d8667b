// A hostile server hands out public keys of its choosing: it swaps a colleague's pinned key, invents a user whose key
// is made out to someone else, and slips people nobody chose into a share or an edit. The desktop must never encrypt
// a secret to a key it has not pinned or the user has not accepted, and must say so before anything leaves the app.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatFingerprint } from '../key-trust.service';
import { envelope } from './test-support/hostile-proxy';
import { attackerKey, type AttackerKey } from './test-support/forgery';
import { domainErrorOf, startWorld, type Person, type World } from './test-support/world';

let world: World;
let ada: Person;
let bob: Person;
let mallory: AttackerKey;
/** Shared by Ada with Bob (read), honestly, before the server turns. */
let sharedWithBob: string;
let adaOnly: string;

const iso = () => new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00');
const gpgkeyOf = (userId: string, key: AttackerKey) => ({
  id: randomUUID(), user_id: userId, fingerprint: key.fingerprint, armored_key: key.armoredPublic, deleted: false, created: iso(), modified: iso(),
});

/** Puts `key` in place of `userId`'s key in every answer that carries keys (the key list and users with their key). */
function swapKey(userId: string, key: AttackerKey): void {
  world.proxy.rewrite('GET', /^\/gpgkeys$/, (body) => [...(body as { user_id: string }[]).filter((k) => k.user_id !== userId), gpgkeyOf(userId, key)]);
  world.proxy.rewrite('GET', /^\/users$/, (body) => (body as { id: string; gpgkey?: unknown }[]).map((u) => (u.id === userId && u.gpgkey ? { ...u, gpgkey: gpgkeyOf(userId, key) } : u)));
}

/** Answers a share simulation with these users gaining access, whatever was asked. */
function fakeSimulation(addedUserIds: string[]): void {
  world.proxy.on('POST', /^\/share\/simulate\/resource\//, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(envelope({ changes: { added: addedUserIds.map((id) => ({ User: { id } })), removed: [] } }));
  });
}

beforeAll(async () => {
  world = await startWorld(['ada', 'bob', 'carol']);
  ({ ada, bob } = world.people as Record<string, Person>);
  mallory = await attackerKey('Mallory', 'mallory@evil.test');
  sharedWithBob = (await ada.machine.vault.create({ name: 'Router', username: 'admin', password: 'router-pw-1' })).id;
  await ada.machine.share.apply(sharedWithBob, [{ action: 'add', aro: 'User', aroId: bob.userId, type: 1 }]);
  adaOnly = (await ada.machine.vault.create({ name: 'Payroll', username: 'ada', password: 'payroll-pw-1' })).id;
}, 60_000);

afterEach(() => world.proxy.clear());

afterAll(async () => {
  await world?.close();
});

describe('a user the desktop has never seen', () => {
  it('is not encrypted to when the server slips them into a share the user asked for someone else', async () => {
    const stranger = randomUUID();
    world.proxy.clear();
    fakeSimulation([bob.userId, stranger]);
    world.proxy.rewrite('GET', /^\/gpgkeys$/, (body) => [...(body as unknown[]), gpgkeyOf(stranger, mallory)]);
    const from = world.proxy.requests.length;
    const error = await domainErrorOf(ada.machine.share.apply(adaOnly, [{ action: 'add', aro: 'User', aroId: bob.userId, type: 1 }]));
    world.proxy.clear();
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/did not choose/);
    expect(world.proxy.seen('PUT', /^\/share\/resource\//, from)).toEqual([]);
  });

  it('is not encrypted to when the server adds them to the people who can read an item being edited', async () => {
    const stranger = randomUUID();
    world.proxy.rewrite('GET', /^\/users$/, (body, req) => (req.url.searchParams.has('filter[has-access][]')
      ? [...(body as unknown[]), {
        id: stranger, username: 'dave@example.com', active: true, deleted: false,
        profile: { first_name: 'Dave', last_name: 'Test' }, gpgkey: gpgkeyOf(stranger, mallory),
      }]
      : body));
    const from = world.proxy.requests.length;
    const error = await domainErrorOf(ada.machine.vault.update(adaOnly, { password: 'payroll-pw-2' }));
    world.proxy.clear();
    expect(error.code).toBe('CONFLICT');
    expect(world.proxy.seen('PUT', /^\/resources\//, from)).toEqual([]);
    expect((await ada.machine.secrets.readField(adaOnly, 'password')).value).toBe('payroll-pw-1');
  });

  it('is not encrypted to when the server asks for group copies for someone not being added', async () => {
    const { carol } = world.people as Record<string, Person>;
    const group = await ada.machine.groups.create('Ops', [{ userId: ada.userId, isManager: true }]);
    const opsItem = (await ada.machine.vault.create({ name: 'Ops wiki', username: 'ops', password: 'ops-pw-1' })).id;
    await ada.machine.share.apply(opsItem, [{ action: 'add', aro: 'Group', aroId: group.id, type: 1 }]);
    // Adding Carol: the dry run also asks for a copy for Bob, who is in neither the group nor the change.
    world.proxy.rewrite('PUT', /^\/groups\/[^/]+\/dry-run$/, (body) => {
      const dry = (body as { 'dry-run': { SecretsNeeded: { Secret: { resource_id: string; user_id: string } }[] } })['dry-run'];
      dry.SecretsNeeded.push({ Secret: { resource_id: opsItem, user_id: bob!.userId } });
      return body;
    });
    const from = world.proxy.requests.length;
    const error = await domainErrorOf(ada.machine.groups.updateMembers(group.id, { add: [{ userId: carol!.userId, isManager: false }] }));
    expect(error.code).toBe('BAD_RESPONSE');
    expect(world.proxy.seen('PUT', /^\/groups\/[^/]+$/, from)).toEqual([]);
  });

  it('whose key is made out to another address is refused until the user verifies it, even when chosen', async () => {
    const stranger = randomUUID();
    const dave = {
      id: stranger, username: 'dave@example.com', active: true, deleted: false, role: undefined,
      profile: { first_name: 'Dave', last_name: 'Test' }, groups_users: [],
    };
    // The server lists Dave everywhere, consistently: the user sees him, picks him, and his key says Mallory.
    world.proxy.rewrite('GET', /^\/users$/, (body) => [...(body as unknown[]), dave]);
    world.proxy.rewrite('GET', /^\/gpgkeys$/, (body) => [...(body as unknown[]), gpgkeyOf(stranger, mallory)]);
    await ada.machine.sync.sync({ full: true });
    expect(ada.machine.session.current().users.get(stranger)?.keyEmails).toEqual(['mallory@evil.test']);
    fakeSimulation([stranger]);
    world.proxy.on('PUT', /^\/share\/resource\//, (_req, res) => { res.writeHead(200); res.end(envelope(null)); });
    const from = world.proxy.requests.length;
    const error = await domainErrorOf(ada.machine.share.apply(adaOnly, [{ action: 'add', aro: 'User', aroId: stranger, type: 1 }]));
    expect(error.code).toBe('KEY_UNTRUSTED');
    expect(error.message).toContain('mallory@evil.test');
    expect(error.message).toContain('dave@example.com');
    expect(world.proxy.seen('PUT', /^\/share\/resource\//, from)).toEqual([]);

    // After comparing the fingerprint with Dave out of band the user may still decide to trust it.
    ada.machine.session.current().trust.verifyUserKey(stranger, mallory.fingerprint);
    await ada.machine.share.apply(adaOnly, [{ action: 'add', aro: 'User', aroId: stranger, type: 1 }]);
    expect(world.proxy.seen('PUT', /^\/share\/resource\//, from)).toHaveLength(1);
    world.proxy.clear();
  });
});

describe('a colleague whose pinned key the server swaps', () => {
  it('is refused for an edit while the swap is fresh (no sync yet), naming both fingerprints', async () => {
    const bobPin = ada.machine.session.current().trust.userPin(bob.userId) as string;
    swapKey(bob.userId, mallory);
    const from = world.proxy.requests.length;
    const error = await domainErrorOf(ada.machine.vault.update(sharedWithBob, { password: 'router-pw-2' }));
    expect(error.code).toBe('KEY_CHANGED');
    expect(error.message).toContain(formatFingerprint(bobPin));
    expect(error.message).toContain(formatFingerprint(mallory.fingerprint));
    expect(world.proxy.seen('PUT', /^\/resources\//, from)).toEqual([]);
  });

  it('is reported by sync, and sharing with them is refused before anything is encrypted', async () => {
    swapKey(bob.userId, mallory);
    const report = await ada.machine.sync.sync();
    expect(report.keyChanges).toEqual([{ userId: bob.userId, pinned: ada.machine.session.current().trust.userPin(bob.userId), current: mallory.fingerprint }]);
    expect(ada.machine.share.pendingKeyChanges().map((c) => c.userId)).toEqual([bob.userId]);
    const from = world.proxy.requests.length;
    const error = await domainErrorOf(ada.machine.share.apply(adaOnly, [{ action: 'add', aro: 'User', aroId: bob.userId, type: 1 }]));
    expect(error.code).toBe('KEY_CHANGED');
    expect(world.proxy.seen('PUT', /^\/share\/resource\//, from)).toEqual([]);
    // The pin is unchanged: the old fingerprint stays the reference until the user accepts a new one.
    expect(ada.machine.session.current().trust.userPin(bob.userId)).not.toBe(mallory.fingerprint);
  });

  it('is trusted again once the server sends the pinned key again, without the user accepting anything', async () => {
    // Honest again, as a server whose copy of Bob's key is months old: an incremental key fetch does not include it.
    world.proxy.rewrite('GET', /^\/gpgkeys$/, (body, req) => (req.url.searchParams.has('filter[modified-after]')
      ? (body as { user_id: string }[]).filter((k) => k.user_id !== bob.userId)
      : body));
    const report = await ada.machine.sync.sync();
    expect(report.keyChanges).toEqual([]);
    expect(ada.machine.share.pendingKeyChanges()).toEqual([]);
    await ada.machine.share.apply(adaOnly, [{ action: 'add', aro: 'User', aroId: bob.userId, type: 1 }]);
    await bob.machine.sync.sync();
    expect((await bob.machine.secrets.readField(adaOnly, 'password')).value).toBe('payroll-pw-1');
  });
});
