// The node:crypto Curve25519 session-key wrapping against real openpgp.js in both directions, and openForRewrap
// (which uses it) still refusing what must be refused: messages to another key, tampered session-key packets or
// data, unsigned, forged and wrongly signed secrets.
import { readFileSync } from 'node:fs';
import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Curve25519Recipient } from './curve25519-ecdh';
import { SessionKeyDecryptor, sessionKeyWrapperFor } from './node-session-keys';
import type { SessionKeyBytes } from './pkesk-common';
import { DecryptionError, EncryptionError, KeyWipedError } from './errors';
import { OpenPgpService, openForRewrap, prepareRecipient, wrapForRecipient, type GeneratedKeyPair } from './openpgp.service';
import { PublicKeyRing } from './public-key-ring';
import { expectAlteredPkesksSafe, expectAlteredRefused } from './test-support/altered-messages';
import type { UnlockedKey } from './unlocked-key';

const RSA_PUBLIC = readFileSync(new URL('./test-fixtures/rsa3072-gnupg.pub.asc', import.meta.url), 'utf8');
const pgp = new OpenPgpService();
let ada: GeneratedKeyPair;
let bob: GeneratedKeyPair;
let eve: GeneratedKeyPair;
let adaKey: UnlockedKey;
let bobKey: UnlockedKey;
let eveKey: UnlockedKey;
let ring: PublicKeyRing;

beforeAll(async () => {
  [ada, bob, eve] = await Promise.all(['ada', 'bob', 'eve'].map((n) => pgp.generateKeyPair({ name: n, email: `${n}@example.com`, passphrase: `${n} pass` })));
  [adaKey, bobKey, eveKey] = await Promise.all([ada, bob, eve].map((p, i) => pgp.unlockPrivateKey(p!.armoredPrivateKey, `${['ada', 'bob', 'eve'][i]} pass`)));
  ring = await PublicKeyRing.fromArmored([ada.armoredPublicKey, bob.armoredPublicKey]);
});

const sessionKey = (algorithm: 'aes128' | 'aes256'): Promise<SessionKeyBytes> =>
  openpgp.generateSessionKey({ encryptionKeys: bobKey.publicKey, config: { preferredSymmetricAlgorithm: openpgp.enums.symmetric[algorithm] } })
    .then((sk) => ({ data: sk.data, algorithm }));

/** A PKESK packet's body (after its one-octet new-format length header). */
const bodyOf = (packet: Uint8Array): Uint8Array => packet.subarray(2, 2 + (packet[1] as number));

async function openpgpPkesk(key: SessionKeyBytes, to: openpgp.PublicKey): Promise<Uint8Array> {
  return openpgp.encryptSessionKey({ data: key.data, algorithm: key.algorithm as 'aes256', encryptionKeys: to, format: 'binary' });
}

describe('Curve25519Recipient.wrap', () => {
  it.each(['aes128', 'aes256'] as const)('makes a PKESK v3 that openpgp.js decrypts to the same %s session key', async (algorithm) => {
    const key = await sessionKey(algorithm);
    const recipient = await sessionKeyWrapperFor(bobKey.publicKey);
    expect(recipient).toBeInstanceOf(Curve25519Recipient);
    const packet = (recipient as Curve25519Recipient).wrap(key);
    const reference = await openpgpPkesk(key, bobKey.publicKey);
    // Same framing as openpgp.js's own packet: header, length, version, subkey id, algorithm, point MPI header.
    expect(packet.length).toBe(reference.length);
    expect(Buffer.from(packet.subarray(0, 15))).toEqual(Buffer.from(reference.subarray(0, 15)));
    const encryptionKeyId = Buffer.from((await bobKey.publicKey.getEncryptionKey()).getKeyID().toHex(), 'hex');
    expect(Buffer.from(packet.subarray(3, 11))).toEqual(Buffer.from(encryptionKeyId));
    const message = await openpgp.readMessage({ binaryMessage: packet });
    const [decrypted] = await openpgp.decryptSessionKeys({ message, decryptionKeys: bobKey.privateKey });
    expect(decrypted).toEqual({ data: key.data, algorithm });
    // A fresh ephemeral key each time.
    expect(Buffer.from((recipient as Curve25519Recipient).wrap(key))).not.toEqual(Buffer.from(packet));
  });

  it('is only made for legacy Curve25519 keys that can encrypt now', async () => {
    expect(await sessionKeyWrapperFor(await openpgp.readKey({ armoredKey: RSA_PUBLIC }))).toBeNull();
    const expired = await openpgp.generateKey({
      type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'old@example.com' }], date: new Date(Date.now() - 3_600_000), keyExpirationTime: 60,
    });
    await expect(sessionKeyWrapperFor(await openpgp.readKey({ armoredKey: expired.publicKey }))).rejects.toThrow();
    await expect(prepareRecipient(expired.publicKey)).rejects.toBeInstanceOf(EncryptionError);
    const revoked = await openpgp.revokeKey({ key: eveKey.privateKey, format: 'armored' });
    await expect(prepareRecipient(revoked.publicKey)).rejects.toBeInstanceOf(EncryptionError);
  });
});

describe('SessionKeyDecryptor.unwrap (legacy Curve25519 subkeys)', () => {
  it.each(['aes128', 'aes256'] as const)('recovers the %s session key of a PKESK made by openpgp.js', async (algorithm) => {
    const key = await sessionKey(algorithm);
    const decryptor = await SessionKeyDecryptor.forKey(bobKey);
    expect(decryptor.unwrap(bodyOf(await openpgpPkesk(key, bobKey.publicKey)))).toEqual({ data: key.data, algorithm });
  });

  it('returns null for a packet to another key, a tampered packet or a truncated one', async () => {
    const key = await sessionKey('aes256');
    const decryptor = await SessionKeyDecryptor.forKey(bobKey);
    expect(decryptor.unwrap(bodyOf(await openpgpPkesk(key, adaKey.publicKey)))).toBeNull();
    // The same packet with its key id rewritten to bob's: the key derivation no longer matches, AES-KW refuses it.
    const forAda = bodyOf(await openpgpPkesk(key, adaKey.publicKey));
    const relabelled = Uint8Array.from(forAda);
    relabelled.set(Buffer.from((await bobKey.publicKey.getEncryptionKey()).getKeyID().toHex(), 'hex'), 1);
    expect(decryptor.unwrap(relabelled)).toBeNull();
    const body = bodyOf(await openpgpPkesk(key, bobKey.publicKey));
    for (const offset of [20, body.length - 1, body.length - 30]) {
      const tampered = Uint8Array.from(body);
      tampered[offset] = (tampered[offset] as number) ^ 0x01;
      expect(decryptor.unwrap(tampered)).toBeNull();
    }
    expect(decryptor.unwrap(body.subarray(0, body.length - 8))).toBeNull();
    expect(decryptor.unwrap(body.subarray(0, 12))).toBeNull();
  });

  it('never throws on altered or truncated packets: it returns the right key or null', async () => {
    const key = await sessionKey('aes256');
    const decryptor = await SessionKeyDecryptor.forKey(bobKey);
    const body = bodyOf(await openpgpPkesk(key, bobKey.publicKey));
    expectAlteredPkesksSafe(decryptor, body, key);
  });

  it('is forgotten when the key is wiped', async () => {
    const key = await pgp.unlockPrivateKey(eve.armoredPrivateKey, 'eve pass');
    await SessionKeyDecryptor.forKey(key);
    key.wipe();
    expect(() => SessionKeyDecryptor.forKey(key)).toThrow(KeyWipedError);
  });
});

describe('openForRewrap and decryptAndVerify with the node:crypto session-key path', () => {
  it('decryptAndVerify (the copy path) also takes the session key from node:crypto', async () => {
    const stored = await pgp.encryptAndSign('copy me', bob.armoredPublicKey, adaKey);
    const unwrap = vi.spyOn(SessionKeyDecryptor.prototype, 'unwrap');
    expect(await pgp.decryptAndVerify(stored, bobKey, ring)).toEqual({ text: 'copy me', signature: 'valid', signerFingerprint: ada.fingerprint });
    expect(unwrap).toHaveBeenCalledTimes(1);
    expect(unwrap.mock.results[0]?.value).not.toBeNull();
    unwrap.mockRestore();
  });

  it('re-wraps a signed secret; the new recipient decrypts it with plain openpgp.js and verifies the original writer', async () => {
    const stored = await pgp.encryptAndSign('s3cret', bob.armoredPublicKey, adaKey);
    const unwrap = vi.spyOn(SessionKeyDecryptor.prototype, 'unwrap');
    const source = await openForRewrap(stored, bobKey, ring);
    expect(source).toMatchObject({ text: 's3cret', signature: 'valid', signerFingerprint: ada.fingerprint });
    // The session key came from the node:crypto path, not openpgp.js.
    expect(unwrap).toHaveReturnedWith(source.rewrap!.sessionKey);
    unwrap.mockRestore();
    const forEve = await wrapForRecipient(source.rewrap!.sessionKey, source.rewrap!.body, await prepareRecipient(eve.armoredPublicKey));
    const result = await openpgp.decrypt({
      message: await openpgp.readMessage({ armoredMessage: forEve }), decryptionKeys: eveKey.privateKey, verificationKeys: adaKey.publicKey, expectSigned: true,
    });
    expect(result.data).toBe('s3cret');
  });

  it('judges unsigned and outsider-signed secrets as such', async () => {
    const unsigned = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'unsigned' }), encryptionKeys: bobKey.publicKey });
    expect(await openForRewrap(unsigned, bobKey, ring)).toMatchObject({ text: 'unsigned', signature: 'unsigned' });
    const forged = await pgp.encryptAndSign('forged', bob.armoredPublicKey, eveKey);
    expect(await openForRewrap(forged, bobKey, ring)).toMatchObject({ text: 'forged', signature: 'unknown-signer' });
    // Ada's signature checked against ada's key as revoked: a signature by a known key that does not verify.
    const adaRevoked = await openpgp.revokeKey({ key: adaKey.privateKey, format: 'armored' });
    const fromAda = await pgp.encryptAndSign('from ada', bob.armoredPublicKey, adaKey);
    expect(await openForRewrap(fromAda, bobKey, await PublicKeyRing.fromArmored([adaRevoked.publicKey]))).toMatchObject({ signature: 'invalid' });
  });

  it('refuses a message to another key, and one whose session-key packet or data was altered', async () => {
    const forAda = await pgp.encryptAndSign('for ada', ada.armoredPublicKey, adaKey);
    await expect(openForRewrap(forAda, bobKey, ring)).rejects.toBeInstanceOf(DecryptionError);
    const stored = await pgp.encryptAndSign('integrity', bob.armoredPublicKey, adaKey);
    // Inside the PKESK (ephemeral point, wrapped key) and inside the encrypted data.
    await expectAlteredRefused(stored, (length) => [20, 60, length - 5, length - 40], bobKey, ring);
    await expect(openForRewrap('-----BEGIN PGP MESSAGE-----\n\nAAAA\n-----END PGP MESSAGE-----', bobKey, ring)).rejects.toBeInstanceOf(DecryptionError);
    await expect(openForRewrap(bob.armoredPublicKey, bobKey, ring)).rejects.toBeInstanceOf(DecryptionError);
    // Truncated packet headers (five-octet and two-octet lengths, old format) are not read past the end.
    for (const bytes of [[0xc1, 0xff, 0x00], [0xc1, 0xc5], [0x85, 0x01]]) {
      const armoredBytes = openpgp.armor(openpgp.enums.armor.message, Uint8Array.from(bytes));
      await expect(openForRewrap(armoredBytes, bobKey, ring)).rejects.toBeInstanceOf(DecryptionError);
      await expect(pgp.decryptAndVerify(armoredBytes, bobKey, ring)).rejects.toBeInstanceOf(DecryptionError);
    }
  });

  it('still opens messages for other key types through openpgp.js (RSA recipient key)', async () => {
    const rsaKey = await pgp.unlockPrivateKey(readFileSync(new URL('./test-fixtures/rsa3072-gnupg.key.asc', import.meta.url), 'utf8'), 'rsa fixture passphrase');
    const toRsa = await pgp.encryptAndSign('to rsa', RSA_PUBLIC, adaKey);
    const source = await openForRewrap(toRsa, rsaKey, ring);
    expect(source).toMatchObject({ text: 'to rsa', signature: 'valid' });
    const forBob = await wrapForRecipient(source.rewrap!.sessionKey, source.rewrap!.body, bob.armoredPublicKey);
    expect(await pgp.decryptAndVerify(forBob, bobKey, ring)).toMatchObject({ text: 'to rsa', signature: 'valid', signerFingerprint: ada.fingerprint });
    // And wraps for an RSA recipient through openpgp.js.
    const again = await openForRewrap(forBob, bobKey, ring);
    const backToRsa = await wrapForRecipient(again.rewrap!.sessionKey, again.rewrap!.body, await prepareRecipient(RSA_PUBLIC));
    expect((await pgp.decryptAndVerify(backToRsa, rsaKey, ring)).text).toBe('to rsa');
  });
});
