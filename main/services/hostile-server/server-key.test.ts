// A server (or someone in its place) presents another identity key than the one pinned when the account was set up,
// at unlock or when the session has to sign in again, or answers the sign-in with a message it did not sign. The
// desktop refuses to sign in, sends no challenge to the new key, and says which fingerprints differ.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatFingerprint } from '../key-trust.service';
import { envelope } from './test-support/hostile-proxy';
import { attackerKey, forgeSecret, type AttackerKey } from './test-support/forgery';
import { shownSentence } from './test-support/plain-words';
import { domainErrorOf, startWorld, type Person, type World } from './test-support/world';

let world: World;
let ada: Person;
let impostor: AttackerKey;
let pinned: string;

const VERIFY = /^\/auth\/verify$/;
const LOGIN = /^\/auth\/jwt\/login$/;

/** /auth/verify answers with the impostor's key, claiming `claimedFingerprint` for it. */
function presentImpostorKey(claimedFingerprint = impostor.fingerprint): void {
  world.proxy.reply('GET', VERIFY, 200, envelope({ fingerprint: claimedFingerprint, keydata: impostor.armoredPublic }));
}

beforeAll(async () => {
  world = await startWorld(['ada']);
  ada = world.people.ada as Person;
  impostor = await attackerKey('Tessera server', 'server@evil.test');
  pinned = ada.machine.session.current().trust.pinnedServerFingerprint() as string;
  await ada.machine.vault.create({ name: 'Wiki', username: 'ada', password: 'wiki-pw-1' });
}, 60_000);

afterEach(() => world.proxy.clear());

afterAll(async () => {
  await world?.close();
});

describe('a changed server key', () => {
  it('at unlock: refused with both fingerprints, the vault stays locked and no challenge goes out', async () => {
    ada.machine.session.lock('user');
    presentImpostorKey();
    const from = world.proxy.requests.length;
    const error = await domainErrorOf(ada.machine.session.unlock(ada.accountId, ada.passphrase));
    expect(error.code).toBe('KEY_CHANGED');
    const words = shownSentence(error);
    expect(words).toContain(formatFingerprint(pinned));
    expect(words).toContain(formatFingerprint(impostor.fingerprint));
    expect(ada.machine.session.isLocked()).toBe(true);
    expect(world.proxy.seen('POST', LOGIN, from)).toEqual([]);
  });

  it('claiming the pinned fingerprint for another key: the app computes its own and still refuses', async () => {
    presentImpostorKey(pinned);
    const error = await domainErrorOf(ada.machine.session.unlock(ada.accountId, ada.passphrase));
    expect(error.code).toBe('KEY_CHANGED');
    expect(ada.machine.session.isLocked()).toBe(true);
    expect(ada.machine.session.current).toThrow();
  });

  it('when the session signs in again mid-way: the operation fails with KEY_CHANGED, nothing is sent to the new key', async () => {
    world.proxy.clear();
    await ada.machine.session.unlock(ada.accountId, ada.passphrase);
    // The server refuses the access and the refresh token, forcing a full sign-in, then presents another key.
    world.proxy.reply('GET', /^\/resources$/, 401, envelope('', 401), 'application/json', 1);
    world.proxy.reply('POST', /^\/auth\/jwt\/refresh$/, 400, envelope('', 400));
    presentImpostorKey();
    const from = world.proxy.requests.length;
    const error = await domainErrorOf(ada.machine.sync.sync({ full: true }));
    expect(error.code).toBe('KEY_CHANGED');
    expect(world.proxy.seen('POST', LOGIN, from)).toEqual([]);
    expect(ada.machine.session.current().trust.pinnedServerFingerprint()).toBe(pinned);
  });

  it('a sign-in answer not signed by the pinned key is refused', async () => {
    ada.machine.session.lock('user');
    const forged = await forgeSecret(JSON.stringify({ version: '1.0.0' }), await adaPublicKey(), impostor.privateKey);
    world.proxy.rewrite('POST', LOGIN, (body) => ({ ...(body as object), challenge: forged }));
    const error = await domainErrorOf(ada.machine.session.unlock(ada.accountId, ada.passphrase));
    expect(error.code).toBe('BAD_RESPONSE');
    expect(shownSentence(error)).toMatch(/not signed with its key/);
    expect(ada.machine.session.isLocked()).toBe(true);
  });

  it('the honest server again: unlock works with the original pin', async () => {
    await ada.machine.session.unlock(ada.accountId, ada.passphrase);
    expect(ada.machine.session.current().trust.pinnedServerFingerprint()).toBe(pinned);
    expect((await ada.machine.secrets.readField(ada.machine.vault.list()[0]!.id, 'password')).value).toBe('wiki-pw-1');
  });
});

/** Ada's public key as the server stores it (anyone may read it). */
async function adaPublicKey(): Promise<string> {
  const key = world.server.deps.db.selectFrom('gpgkeys').select('armored_key').where('user_id', '=', ada.userId);
  return (await key.executeTakeFirstOrThrow()).armored_key;
}
