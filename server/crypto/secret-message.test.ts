import { beforeAll, describe, expect, it } from 'vitest';
import * as openpgp from 'openpgp';
import { checkSecretData, MAX_SECRET_DATA_LENGTH, RecipientKeyCache } from './secret-message';

interface Pair { pub: openpgp.PublicKey; priv: openpgp.PrivateKey; armoredPub: string }

async function pair(type: 'curve25519' | 'rsa' = 'curve25519'): Promise<Pair> {
  const k = await openpgp.generateKey({
    type, rsaBits: type === 'rsa' ? 2048 : undefined, userIDs: [{ email: 'a@example.com' }], format: 'object',
  });
  return { pub: k.publicKey, priv: k.privateKey, armoredPub: k.publicKey.armor() };
}

const encrypt = async (to: Pair[], signer?: Pair) => openpgp.encrypt({
  message: await openpgp.createMessage({ text: '{"password":"hunter2","description":null}' }),
  encryptionKeys: to.map((p) => p.pub), signingKeys: signer?.priv,
}) as Promise<string>;

describe('secret message validation', () => {
  let alice: Pair; let bob: Pair; let rsa: Pair;
  const cache = new RecipientKeyCache();
  let aliceIds: Set<string>;

  beforeAll(async () => {
    [alice, bob, rsa] = await Promise.all([pair(), pair(), pair('rsa')]);
    aliceIds = await cache.encryptionKeyIds(alice.armoredPub);
  });

  it("finds the encryption subkey, not the signing primary key", async () => {
    expect(aliceIds.size).toBe(1);
    expect(aliceIds.has(alice.pub.getKeyID().toHex())).toBe(false);
    expect(aliceIds.has(alice.pub.subkeys[0]!.getKeyID().toHex())).toBe(true);
    expect(await cache.encryptionKeyIds(alice.armoredPub)).toBe(aliceIds);
    expect((await cache.encryptionKeyIds('not a key')).size).toBe(0);
  });

  it('accepts a signed message encrypted to the user only (curve25519 and RSA)', async () => {
    expect(await checkSecretData(await encrypt([alice], bob), aliceIds)).toEqual({ ok: true });
    const rsaIds = await cache.encryptionKeyIds(rsa.armoredPub);
    expect(await checkSecretData(await encrypt([rsa], alice), rsaIds)).toEqual({ ok: true });
  });

  it('refuses a message to another key', async () => {
    expect(await checkSecretData(await encrypt([bob]), aliceIds)).toMatchObject({ ok: false, rule: 'isEncryptedForUser' });
  });

  it('refuses a message with several recipients, even if one is the user', async () => {
    expect(await checkSecretData(await encrypt([alice, bob]), aliceIds)).toMatchObject({ ok: false, rule: 'hasOneRecipient' });
  });

  it('refuses cleartext in every disguise', async () => {
    const literal = await openpgp.createMessage({ text: 'hunter2' });
    const signedOnly = await openpgp.sign({ message: literal, signingKeys: alice.priv });
    const clearSigned = await openpgp.sign({ message: await openpgp.createCleartextMessage({ text: 'hunter2' }), signingKeys: alice.priv });
    const symmetric = await openpgp.encrypt({ message: literal, passwords: ['pw'] });
    const cases: unknown[] = [
      'hunter2', '{"password":"hunter2"}', literal.armor(), signedOnly, clearSigned, symmetric,
      '-----BEGIN PGP MESSAGE-----\n\ngarbage\n-----END PGP MESSAGE-----', '🔥', 42, { data: 'x' }, ['a'],
      alice.armoredPub,
    ];
    for (const data of cases) {
      expect(await checkSecretData(data, aliceIds), String(data).slice(0, 40)).toMatchObject({ ok: false, rule: 'isValidOpenPGPMessage' });
    }
  });

  it('refuses a missing or oversized message', async () => {
    for (const data of [undefined, null, '']) expect(await checkSecretData(data, aliceIds)).toMatchObject({ rule: '_required' });
    const big = `-----BEGIN PGP MESSAGE-----\n${'A'.repeat(MAX_SECRET_DATA_LENGTH)}`;
    expect(await checkSecretData(big, aliceIds)).toMatchObject({ rule: 'maxLength' });
  });

  it('refuses a truncated message (its packets no longer frame)', async () => {
    const lines = (await encrypt([alice])).split('\n');
    const body = lines.filter((l) => /^[A-Za-z0-9+/=]+$/.test(l) && l.length > 40);
    const truncated = ['-----BEGIN PGP MESSAGE-----', '', body[0], '-----END PGP MESSAGE-----'].join('\n');
    expect(await checkSecretData(truncated, aliceIds)).toMatchObject({ ok: false, rule: 'isValidOpenPGPMessage' });
  });

  it('accepts messages to any valid encryption subkey of a key with several, none to a revoked one', async () => {
    const k = await openpgp.generateKey({ type: 'curve25519', userIDs: [{ email: 'multi@example.com' }], subkeys: [{}, {}], format: 'object' });
    const [first, second] = k.publicKey.subkeys.map((s) => s.getKeyID().toHex());
    const ids = await new RecipientKeyCache().encryptionKeyIds(k.publicKey.armor());
    expect([...ids].sort()).toEqual([first, second].sort());
    const toFirst = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'x' }), encryptionKeys: k.publicKey,
      encryptionKeyIDs: [k.publicKey.subkeys[0]!.getKeyID()] }) as string;
    expect(await checkSecretData(toFirst, ids)).toEqual({ ok: true });
    // Revoke the second subkey: its id is no longer accepted.
    const priv = k.privateKey;
    priv.subkeys[1] = await priv.subkeys[1]!.revoke(priv.keyPacket as never);
    const revokedIds = await new RecipientKeyCache().encryptionKeyIds(priv.toPublic().armor());
    expect([...revokedIds]).toEqual([first]);
  });
});
