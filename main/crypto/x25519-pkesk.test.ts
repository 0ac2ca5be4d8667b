// The node:crypto RFC 9580 X25519 session-key wrapping (x25519-pkesk.ts) against real openpgp.js in both directions,
// and the service paths that use it (prepareRecipient/wrapForRecipient as the worker's 'wrap' and 'reencrypt' call
// them, decryptAndVerify, openForRewrap) still refusing what must be refused.
import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Curve25519Recipient } from './curve25519-ecdh';
import { DecryptionError, EncryptionError } from './errors';
import { SessionKeyDecryptor, sessionKeyWrapperFor } from './node-session-keys';
import { OpenPgpService, openForRewrap, prepareRecipient, wrapForRecipient, encryptSharedBody, type GeneratedKeyPair } from './openpgp.service';
import type { SessionKeyBytes } from './pkesk-common';
import { PublicKeyRing } from './public-key-ring';
import { expectAlteredPkesksSafe, expectAlteredRefused } from './test-support/altered-messages';
import type { UnlockedKey } from './unlocked-key';
import { X25519Recipient, x25519Decryptor, type X25519KeyPacket } from './x25519-pkesk';

const pgp = new OpenPgpService();
/** RFC 9580 keys as openpgp.js 6 makes them for `type: 'curve25519'`: Ed25519 primary, X25519 encryption subkey. */
let carol: { armoredPrivateKey: string; armoredPublicKey: string };
let dave: { armoredPrivateKey: string; armoredPublicKey: string };
let carolKey: UnlockedKey;
let daveKey: UnlockedKey;
/** A legacy (Tessera-made) key, writer of the shared secrets. */
let ada: GeneratedKeyPair;
let adaKey: UnlockedKey;
let ring: PublicKeyRing;

async function rfc9580Key(name: string): Promise<{ armoredPrivateKey: string; armoredPublicKey: string }> {
  const { privateKey, publicKey } = await openpgp.generateKey({ type: 'curve25519', userIDs: [{ name, email: `${name}@example.com` }], passphrase: `${name} pass`, format: 'armored' });
  return { armoredPrivateKey: privateKey, armoredPublicKey: publicKey };
}

beforeAll(async () => {
  [carol, dave] = await Promise.all([rfc9580Key('carol'), rfc9580Key('dave')]);
  ada = await pgp.generateKeyPair({ name: 'ada', email: 'ada@example.com', passphrase: 'ada pass' });
  [carolKey, daveKey, adaKey] = await Promise.all([
    pgp.unlockPrivateKey(carol.armoredPrivateKey, 'carol pass'), pgp.unlockPrivateKey(dave.armoredPrivateKey, 'dave pass'),
    pgp.unlockPrivateKey(ada.armoredPrivateKey, 'ada pass'),
  ]);
  ring = await PublicKeyRing.fromArmored([ada.armoredPublicKey, carol.armoredPublicKey]);
});

const ALGORITHMS = ['aes128', 'aes192', 'aes256'] as const;
const SIZES = { aes128: 16, aes192: 24, aes256: 32 } as const;

/** A PKESK packet's body (after its one-octet new-format length header). */
const bodyOf = (packet: Uint8Array): Uint8Array => packet.subarray(2, 2 + (packet[1] as number));

function openpgpPkesk(key: SessionKeyBytes, to: openpgp.PublicKey): Promise<Uint8Array> {
  return openpgp.encryptSessionKey({ data: key.data, algorithm: key.algorithm as 'aes256', encryptionKeys: to, format: 'binary' });
}

async function encryptionSubkeyId(key: openpgp.PublicKey): Promise<Buffer> {
  return Buffer.from((await key.getEncryptionKey()).getKeyID().toHex(), 'hex');
}

describe('the test keys', () => {
  it('are v4 keys with an X25519 (algorithm 25) encryption subkey', async () => {
    const subkey = await carolKey.publicKey.getEncryptionKey();
    expect(carolKey.publicKey.keyPacket.version).toBe(4);
    expect(subkey.keyPacket.algorithm).toBe(openpgp.enums.publicKey.x25519);
  });
});

describe('X25519Recipient.wrap', () => {
  it.each(ALGORITHMS)('makes a PKESK v3 that openpgp.js decrypts to the same %s session key, laid out as openpgp.js lays it out', async (algorithm) => {
    const key = { data: crypto.getRandomValues(new Uint8Array(SIZES[algorithm])), algorithm };
    const recipient = await sessionKeyWrapperFor(carolKey.publicKey);
    expect(recipient).toBeInstanceOf(X25519Recipient);
    const packet = (recipient as X25519Recipient).wrap(key);
    const reference = await openpgpPkesk(key, carolKey.publicKey);
    // header (2) | version 3 | subkey id (8) | 25 | ephemeral (32) | n | algorithm | C (key + 8)
    expect(packet.length).toBe(reference.length);
    expect(packet.length).toBe(2 + 1 + 8 + 1 + 32 + 1 + 1 + SIZES[algorithm] + 8);
    expect(Buffer.from(packet.subarray(0, 12))).toEqual(Buffer.from(reference.subarray(0, 12)));
    expect(Buffer.from(packet.subarray(3, 11))).toEqual(await encryptionSubkeyId(carolKey.publicKey));
    expect(packet[11]).toBe(25);
    expect([packet[44], packet[45]]).toEqual([reference[44], reference[45]]); // n and the cleartext algorithm id
    expect(packet[45]).toBe(openpgp.enums.symmetric[algorithm]);
    // openpgp.js decrypts it; AES-192 is not among the preferences of openpgp.js 6 keys, so it refuses that one as
    // non-preferred (and so does SessionKeyDecryptor), after unwrapping: the subkey decryptor alone shows the key.
    const subkey = x25519Decryptor((await carolKey.privateKey.getDecryptionKeys())[0]!.keyPacket as unknown as X25519KeyPacket)!;
    expect(subkey.unwrap(bodyOf(packet))).toEqual(key);
    const message = await openpgp.readMessage({ binaryMessage: packet });
    if (algorithm === 'aes192') {
      await expect(openpgp.decryptSessionKeys({ message, decryptionKeys: carolKey.privateKey })).rejects.toThrow(/non-preferred/);
    } else {
      expect(await openpgp.decryptSessionKeys({ message, decryptionKeys: carolKey.privateKey })).toEqual([{ data: key.data, algorithm }]);
    }
    // A fresh ephemeral key each time.
    expect(Buffer.from((recipient as X25519Recipient).wrap(key).subarray(12, 44))).not.toEqual(Buffer.from(packet.subarray(12, 44)));
  });

  it('refuses non-AES session keys, as RFC 9580 and openpgp.js do', async () => {
    const recipient = await sessionKeyWrapperFor(carolKey.publicKey) as X25519Recipient;
    expect(() => recipient.wrap({ data: new Uint8Array(24), algorithm: 'tripledes' })).toThrow(/AES/);
    expect(() => recipient.wrap({ data: new Uint8Array(20), algorithm: 'aes256' })).toThrow();
    await expect(wrapForRecipient({ data: new Uint8Array(16), algorithm: 'cast5' }, new Uint8Array(0), await prepareRecipient(carolKey.publicKey)))
      .rejects.toBeInstanceOf(EncryptionError);
  });

  it('is picked only for X25519 subkeys; legacy Curve25519 keys keep their own wrapper', async () => {
    expect(await sessionKeyWrapperFor(adaKey.publicKey)).toBeInstanceOf(Curve25519Recipient);
    const legacyPacket = (await adaKey.publicKey.getEncryptionKey()).keyPacket as unknown as X25519KeyPacket;
    expect(X25519Recipient.fromPacket(legacyPacket)).toBeNull();
    expect((await prepareRecipient(carol.armoredPublicKey)).wrapper).toBeInstanceOf(X25519Recipient);
  });

  it('is not made for an expired or revoked key (openpgp.js selects the subkey)', async () => {
    const expired = await openpgp.generateKey({ type: 'curve25519', userIDs: [{ email: 'old@example.com' }], date: new Date(Date.now() - 3_600_000), keyExpirationTime: 60 });
    await expect(prepareRecipient(expired.publicKey)).rejects.toBeInstanceOf(EncryptionError);
    const revoked = await openpgp.revokeKey({ key: daveKey.privateKey, format: 'armored' });
    await expect(prepareRecipient(revoked.publicKey)).rejects.toBeInstanceOf(EncryptionError);
  });
});

describe('SessionKeyDecryptor.unwrap (X25519 subkeys)', () => {
  it.each(ALGORITHMS)('recovers the %s session key of a PKESK made by openpgp.js (AES-192: refused as openpgp.js refuses it)', async (algorithm) => {
    const key = { data: crypto.getRandomValues(new Uint8Array(SIZES[algorithm])), algorithm };
    const body = bodyOf(await openpgpPkesk(key, carolKey.publicKey));
    const subkey = x25519Decryptor((await carolKey.privateKey.getDecryptionKeys())[0]!.keyPacket as unknown as X25519KeyPacket)!;
    expect(subkey.unwrap(body)).toEqual(key);
    const decryptor = await SessionKeyDecryptor.forKey(carolKey);
    expect(decryptor.unwrap(body)).toEqual(algorithm === 'aes192' ? null : key);
  });

  it('returns null for a packet to another key, a relabelled, tampered or truncated one', async () => {
    const key = { data: crypto.getRandomValues(new Uint8Array(32)), algorithm: 'aes256' };
    const decryptor = await SessionKeyDecryptor.forKey(carolKey);
    const forDave = bodyOf(await openpgpPkesk(key, daveKey.publicKey));
    expect(decryptor.unwrap(forDave)).toBeNull();
    // Dave's packet with carol's subkey id: the shared secret differs, AES-KW refuses it.
    const relabelled = Uint8Array.from(forDave);
    relabelled.set(await encryptionSubkeyId(carolKey.publicKey), 1);
    expect(decryptor.unwrap(relabelled)).toBeNull();
    const body = bodyOf(await openpgpPkesk(key, carolKey.publicKey));
    // ephemeral key, size octet, algorithm octet (AES-256 -> AES-128 makes C the wrong size), wrapped key
    for (const offset of [10, 41, 42, 43, body.length - 1, body.length - 20]) {
      const tampered = Uint8Array.from(body);
      tampered[offset] = (tampered[offset] as number) ^ 0x01;
      expect(decryptor.unwrap(tampered)).toBeNull();
    }
    // The cleartext algorithm octet changed to a non-AES id of the same key size:
    const nonAes = Uint8Array.from(body);
    nonAes[43] = openpgp.enums.symmetric.twofish;
    expect(decryptor.unwrap(nonAes)).toBeNull();
    expect(decryptor.unwrap(body.subarray(0, body.length - 8))).toBeNull();
    expect(decryptor.unwrap(body.subarray(0, 43))).toBeNull();
    expect(decryptor.unwrap(body.subarray(0, 12))).toBeNull();
    // A low-order ephemeral point (all zeros: X25519 gives an all-zero shared secret, which OpenSSL refuses).
    const lowOrder = Uint8Array.from(body);
    lowOrder.fill(0, 10, 42);
    expect(decryptor.unwrap(lowOrder)).toBeNull();
  });

  it('never throws on altered or truncated packets: it returns the right key or null', async () => {
    const key = { data: crypto.getRandomValues(new Uint8Array(32)), algorithm: 'aes256' };
    const decryptor = await SessionKeyDecryptor.forKey(carolKey);
    const body = bodyOf(await openpgpPkesk(key, carolKey.publicKey));
    expectAlteredPkesksSafe(decryptor, body, key);
  });

  it('builds a decryptor only from a decrypted X25519 subkey', async () => {
    const subkey = (await carolKey.privateKey.getDecryptionKeys())[0]!.keyPacket as unknown as X25519KeyPacket;
    expect(x25519Decryptor(subkey)).not.toBeNull();
    const publicOnly = (await carolKey.publicKey.getEncryptionKey()).keyPacket as unknown as X25519KeyPacket;
    expect(x25519Decryptor(publicOnly)).toBeNull();
    const legacy = (await adaKey.privateKey.getDecryptionKeys())[0]!.keyPacket as unknown as X25519KeyPacket;
    expect(x25519Decryptor(legacy)).toBeNull();
  });
});

describe('the service paths with X25519 keys', () => {
  it('wrapForRecipient (the worker\'s wrap): the X25519 recipient decrypts with plain openpgp.js and verifies the writer', async () => {
    const shared = await encryptSharedBody('for carol', adaKey);
    const prepared = await prepareRecipient(carol.armoredPublicKey);
    const wrap = vi.spyOn(X25519Recipient.prototype, 'wrap');
    const armored = await wrapForRecipient(shared.sessionKey, shared.body, prepared);
    expect(wrap).toHaveBeenCalledTimes(1);
    wrap.mockRestore();
    const result = await openpgp.decrypt({
      message: await openpgp.readMessage({ armoredMessage: armored }), decryptionKeys: carolKey.privateKey, verificationKeys: adaKey.publicKey, expectSigned: true,
    });
    expect(result.data).toBe('for carol');
  });

  it('openForRewrap and decryptAndVerify (copy, reencrypt) take the session key from node:crypto for an X25519 key', async () => {
    const stored = await pgp.encryptAndSign('s3cret', carol.armoredPublicKey, adaKey);
    const unwrap = vi.spyOn(SessionKeyDecryptor.prototype, 'unwrap');
    expect(await pgp.decryptAndVerify(stored, carolKey, ring)).toEqual({ text: 's3cret', signature: 'valid', signerFingerprint: ada.fingerprint });
    const source = await openForRewrap(stored, carolKey, ring);
    expect(unwrap).toHaveBeenCalledTimes(2);
    expect(unwrap).toHaveReturnedWith(source.rewrap!.sessionKey);
    unwrap.mockRestore();
    // Re-wrapped for dave (X25519 again, the worker's reencrypt path) and for a legacy key.
    const forDave = await wrapForRecipient(source.rewrap!.sessionKey, source.rewrap!.body, await prepareRecipient(dave.armoredPublicKey));
    expect(await pgp.decryptAndVerify(forDave, daveKey, ring)).toMatchObject({ text: 's3cret', signature: 'valid', signerFingerprint: ada.fingerprint });
    const forAda = await wrapForRecipient(source.rewrap!.sessionKey, source.rewrap!.body, await prepareRecipient(ada.armoredPublicKey));
    expect((await pgp.decryptAndVerify(forAda, adaKey, ring)).text).toBe('s3cret');
  });

  it('refuses a message to another key, and one whose session-key packet or data was altered', async () => {
    const forDave = await pgp.encryptAndSign('for dave', dave.armoredPublicKey, adaKey);
    await expect(openForRewrap(forDave, carolKey, ring)).rejects.toBeInstanceOf(DecryptionError);
    const stored = await pgp.encryptAndSign('integrity', carol.armoredPublicKey, adaKey);
    // Inside the PKESK (after its 2-octet header: ephemeral key at 12-43, size octet 44, algorithm octet 45, wrapped
    // key from 46) and inside the encrypted data.
    await expectAlteredRefused(stored, (length) => [20, 44, 45, 60, length - 5, length - 40], carolKey, ring);
  });
});
