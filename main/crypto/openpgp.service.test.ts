// Conformance suite for OpenPgpService: real openpgp.js, curve25519 keys generated here and an RSA-3072 key made by
// GnuPG 2.2 (test-fixtures/, the kind of key existing Passbolt accounts have).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as openpgp from 'openpgp';
import {
  DecryptionError, EncryptionError, InvalidKeyError, KeyWipedError, WrongPassphraseError,
} from './errors';
import { OpenPgpService, SignatureError, type GeneratedKeyPair } from './openpgp.service';
import { PublicKeyRing } from './public-key-ring';
import type { UnlockedKey } from './unlocked-key';

const fixture = (name: string): string => readFileSync(new URL(`./test-fixtures/${name}`, import.meta.url), 'utf8');
const RSA_PRIVATE = fixture('rsa3072-gnupg.key.asc');
const RSA_PUBLIC = fixture('rsa3072-gnupg.pub.asc');
const RSA_FINGERPRINT = fixture('rsa3072-gnupg.fingerprint').trim();
const RSA_PASSPHRASE = 'rsa fixture passphrase';

const pgp = new OpenPgpService();

let ada: GeneratedKeyPair;
let bob: GeneratedKeyPair;
let eve: GeneratedKeyPair;
let adaKey: UnlockedKey;
let bobKey: UnlockedKey;
let eveKey: UnlockedKey;

beforeAll(async () => {
  [ada, bob, eve] = await Promise.all([
    pgp.generateKeyPair({ name: 'Ada Lovelace', email: 'ada@example.com', passphrase: 'ada passphrase' }),
    pgp.generateKeyPair({ name: 'Bob', email: 'bob@example.com', passphrase: 'bob passphrase' }),
    pgp.generateKeyPair({ name: 'Eve', email: 'eve@example.com', passphrase: 'eve passphrase' }),
  ]);
  adaKey = await pgp.unlockPrivateKey(ada.armoredPrivateKey, 'ada passphrase');
  bobKey = await pgp.unlockPrivateKey(bob.armoredPrivateKey, 'bob passphrase');
  eveKey = await pgp.unlockPrivateKey(eve.armoredPrivateKey, 'eve passphrase');
});

describe('key generation and key info', () => {
  it('generates a passphrase-protected curve25519 key pair with the given user id', async () => {
    const info = await pgp.readKeyInfo(ada.armoredPrivateKey);
    expect(info).toMatchObject({
      type: 'ECC', algorithm: 'eddsaLegacy', curve: 'ed25519Legacy', bits: 255,
      isPrivate: true, isDecrypted: false, canEncrypt: true, isRevoked: false, isExpired: false, expires: null,
      userIds: ['Ada Lovelace <ada@example.com>'],
    });
    expect(info.fingerprint).toMatch(/^[0-9A-F]{40}$/);
    expect(info.fingerprint).toBe(ada.fingerprint);
    expect(info.keyId).toBe(info.fingerprint.slice(-16));
    expect(ada.armoredPrivateKey).toContain('BEGIN PGP PRIVATE KEY BLOCK');
    expect(info.armoredPublicKey).toContain('BEGIN PGP PUBLIC KEY BLOCK');
  });

  it('reads a public key', async () => {
    const info = await pgp.readKeyInfo(ada.armoredPublicKey);
    expect(info).toMatchObject({ isPrivate: false, isDecrypted: false, fingerprint: ada.fingerprint, canEncrypt: true });
  });

  it('reads an RSA key made by GnuPG', async () => {
    const info = await pgp.readKeyInfo(RSA_PUBLIC);
    expect(info).toMatchObject({
      type: 'RSA', bits: 3072, fingerprint: RSA_FINGERPRINT, canEncrypt: true, isPrivate: false, curve: null,
      userIds: ['Ada Legacy <ada.legacy@example.com>'],
    });
    expect((await pgp.readKeyInfo(RSA_PRIVATE)).isPrivate).toBe(true);
  });

  it('reports expired and revoked keys as unable to encrypt', async () => {
    const expired = await openpgp.generateKey({
      type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'Old', email: 'old@example.com' }],
      date: new Date(Date.now() - 3_600_000), keyExpirationTime: 60, format: 'armored',
    });
    const expiredInfo = await pgp.readKeyInfo(expired.publicKey);
    expect(expiredInfo).toMatchObject({ isExpired: true, canEncrypt: false });
    expect(expiredInfo.expires).toBeInstanceOf(Date);
    await expect(pgp.encryptAndSign('x', expired.publicKey, adaKey)).rejects.toBeInstanceOf(EncryptionError);

    const revoked = await openpgp.revokeKey({ key: await openpgp.readPrivateKey({ armoredKey: eve.armoredPrivateKey }).then((k) => openpgp.decryptKey({ privateKey: k, passphrase: 'eve passphrase' })), format: 'armored' });
    expect(await pgp.readKeyInfo(revoked.publicKey)).toMatchObject({ isRevoked: true, canEncrypt: false });
  });

  it('rejects text that is not a key', async () => {
    await expect(pgp.readKeyInfo('hello')).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(pgp.unlockPrivateKey(ada.armoredPublicKey, 'ada passphrase')).rejects.toBeInstanceOf(InvalidKeyError);
  });

  it('refuses an empty passphrase', async () => {
    await expect(pgp.generateKeyPair({ name: 'x', email: 'x@example.com', passphrase: '' })).rejects.toThrow(/passphrase/);
  });
});

describe('unlock and change passphrase', () => {
  it('unlocks with the right passphrase and throws WrongPassphraseError otherwise', async () => {
    const key = await pgp.unlockPrivateKey(ada.armoredPrivateKey, 'ada passphrase');
    expect(key.fingerprint).toBe(ada.fingerprint);
    await expect(pgp.unlockPrivateKey(ada.armoredPrivateKey, 'wrong')).rejects.toBeInstanceOf(WrongPassphraseError);
  });

  it('unlocks the GnuPG RSA key', async () => {
    const key = await pgp.unlockPrivateKey(RSA_PRIVATE, RSA_PASSPHRASE);
    expect(key.fingerprint).toBe(RSA_FINGERPRINT);
    await expect(pgp.unlockPrivateKey(RSA_PRIVATE, 'nope')).rejects.toBeInstanceOf(WrongPassphraseError);
  });

  it('re-encrypts the private key under a new passphrase, keeping the key', async () => {
    const changed = await pgp.changePassphrase(ada.armoredPrivateKey, 'ada passphrase', 'a brand new passphrase');
    expect(changed).not.toBe(ada.armoredPrivateKey);
    await expect(pgp.unlockPrivateKey(changed, 'ada passphrase')).rejects.toBeInstanceOf(WrongPassphraseError);
    const key = await pgp.unlockPrivateKey(changed, 'a brand new passphrase');
    expect(key.fingerprint).toBe(ada.fingerprint);
    expect((await pgp.readKeyInfo(changed)).isDecrypted).toBe(false);
    await expect(pgp.changePassphrase(ada.armoredPrivateKey, 'wrong', 'x')).rejects.toBeInstanceOf(WrongPassphraseError);
  });
});

describe('encrypt+sign and decrypt+verify', () => {
  let ring: PublicKeyRing;
  beforeAll(async () => {
    ring = await PublicKeyRing.fromArmored([ada.armoredPublicKey, bob.armoredPublicKey, RSA_PUBLIC, 'not a key']);
  });

  it('builds a ring, skipping keys that do not parse', () => {
    expect(ring.size).toBe(3);
    expect(ring.rejected).toEqual([3]);
    expect(ring.byFingerprint(ada.fingerprint.toLowerCase())).toBeDefined();
  });

  it('round-trips a secret with a valid signature and reports the signer', async () => {
    const secret = JSON.stringify({ password: 'pässwörd 🔑 \n with newline', description: null });
    const armored = await pgp.encryptAndSign(secret, bob.armoredPublicKey, adaKey);
    expect(armored).toContain('BEGIN PGP MESSAGE');
    const result = await pgp.decryptAndVerify(armored, bobKey, ring);
    expect(result).toEqual({ text: secret, signature: 'valid', signerFingerprint: ada.fingerprint });
  });

  it('flags an unsigned message', async () => {
    const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'unsigned' }), encryptionKeys: bobKey.publicKey });
    expect(await pgp.decryptAndVerify(armored, bobKey, ring)).toEqual({ text: 'unsigned', signature: 'unsigned' });
  });

  it('flags a signer outside the organisation', async () => {
    const armored = await pgp.encryptAndSign('from eve', bob.armoredPublicKey, eveKey);
    const result = await pgp.decryptAndVerify(armored, bobKey, ring);
    expect(result).toMatchObject({ text: 'from eve', signature: 'unknown-signer', signerKeyId: eveKey.keyId });
    expect((await pgp.decryptAndVerify(armored, bobKey)).signature).toBe('unknown-signer');
  });

  it('flags a signature by a known key that does not verify (signer key revoked)', async () => {
    const armored = await pgp.encryptAndSign('from ada', bob.armoredPublicKey, adaKey);
    const adaRevoked = await openpgp.revokeKey({ key: adaKey.privateKey, format: 'armored' });
    const ringWithRevokedAda = await PublicKeyRing.fromArmored([adaRevoked.publicKey]);
    const result = await pgp.decryptAndVerify(armored, bobKey, ringWithRevokedAda);
    expect(result).toMatchObject({ text: 'from ada', signature: 'invalid', signerKeyId: adaKey.keyId });
  });

  it('throws DecryptionError for a message to another key, and for garbage', async () => {
    const armored = await pgp.encryptAndSign('for bob', bob.armoredPublicKey, adaKey);
    await expect(pgp.decryptAndVerify(armored, eveKey, ring)).rejects.toBeInstanceOf(DecryptionError);
    await expect(pgp.decryptAndVerify('-----BEGIN PGP MESSAGE-----\n\nAAAA\n-----END PGP MESSAGE-----', bobKey)).rejects.toBeInstanceOf(DecryptionError);
    await expect(pgp.decryptAndVerify('plain text', bobKey)).rejects.toBeInstanceOf(DecryptionError);
  });

  it('refuses a message whose encrypted data was altered (integrity check)', async () => {
    const armored = await pgp.encryptAndSign('integrity matters', bob.armoredPublicKey, adaKey);
    const message = await openpgp.readMessage({ armoredMessage: armored });
    const binary = message.write();
    // Flip one bit near the end: inside the symmetrically encrypted, integrity-protected packet.
    for (const offset of [binary.length - 5, binary.length - 40]) {
      const tampered = Uint8Array.from(binary);
      tampered[offset] = (tampered[offset] as number) ^ 0x01;
      const armoredTampered = openpgp.armor(openpgp.enums.armor.message, tampered);
      await expect(pgp.decryptAndVerify(armoredTampered, bobKey, ring)).rejects.toBeInstanceOf(DecryptionError);
    }
  });

  it('works with RSA keys both ways (existing Passbolt accounts)', async () => {
    const rsaKey = await pgp.unlockPrivateKey(RSA_PRIVATE, RSA_PASSPHRASE);
    const toRsa = await pgp.encryptAndSign('to rsa', RSA_PUBLIC, adaKey);
    expect(await pgp.decryptAndVerify(toRsa, rsaKey, ring)).toEqual({ text: 'to rsa', signature: 'valid', signerFingerprint: ada.fingerprint });
    const fromRsa = await pgp.encryptAndSign('from rsa', ada.armoredPublicKey, rsaKey);
    expect(await pgp.decryptAndVerify(fromRsa, adaKey, ring)).toEqual({ text: 'from rsa', signature: 'valid', signerFingerprint: RSA_FINGERPRINT });
  });

  it('interoperates with a message encrypted and signed by plain openpgp.js the way the Passbolt extension does it', async () => {
    const armored = await openpgp.encrypt({
      message: await openpgp.createMessage({ text: '{"password":"x","description":"d"}' }),
      encryptionKeys: bobKey.publicKey, signingKeys: adaKey.privateKey,
    });
    expect(await pgp.decryptAndVerify(armored, bobKey, ring)).toMatchObject({ signature: 'valid', signerFingerprint: ada.fingerprint });
  });
});

describe('JWT login challenge helpers', () => {
  it('user encrypts+signs to the server; the server answers encrypted to the user and signed', async () => {
    const server = await pgp.generateKeyPair({ name: 'Server', email: 'server@example.com', passphrase: 'server' });
    const serverKey = await pgp.unlockPrivateKey(server.armoredPrivateKey, 'server');
    const challenge = JSON.stringify({ version: '1.0.0', domain: 'https://tessera.test', verify_token: crypto.randomUUID(), verify_token_expiry: 1 });
    const armoredChallenge = await pgp.encryptLoginChallenge(challenge, server.armoredPublicKey, adaKey);
    // The server side: decrypt with its key, require the user's signature.
    expect(await pgp.decryptAndRequireSignature(armoredChallenge, serverKey, ada.armoredPublicKey)).toBe(challenge);

    const answer = JSON.stringify({ access_token: 'jwt', refresh_token: 'uuid' });
    const armoredAnswer = await pgp.encryptAndSign(answer, ada.armoredPublicKey, serverKey);
    expect(await pgp.decryptLoginResponse(armoredAnswer, adaKey, server.armoredPublicKey)).toBe(answer);

    const forged = await pgp.encryptAndSign(answer, ada.armoredPublicKey, eveKey);
    await expect(pgp.decryptLoginResponse(forged, adaKey, server.armoredPublicKey)).rejects.toBeInstanceOf(SignatureError);
  });
});

describe('UnlockedKey.wipe', () => {
  it('zeroes the secret key material, refuses further use and notifies listeners', async () => {
    const key = await pgp.unlockPrivateKey(bob.armoredPrivateKey, 'bob passphrase');
    const packet = key.privateKey.keyPacket as unknown as { privateParams: Record<string, Uint8Array> | null };
    const params = Object.values(packet.privateParams ?? {});
    expect(params.length).toBeGreaterThan(0);
    expect(params.some((p) => p.some((b) => b !== 0))).toBe(true);
    let notified = 0;
    key.onWipe(() => notified++);
    key.wipe();
    key.wipe();
    expect(notified).toBe(1);
    expect(key.isWiped).toBe(true);
    expect(params.every((p) => p.every((b) => b === 0))).toBe(true);
    expect(() => key.privateKey).toThrow(KeyWipedError);
    await expect(pgp.encryptAndSign('x', ada.armoredPublicKey, key)).rejects.toBeInstanceOf(KeyWipedError);
    expect(key.fingerprint).toBe(bob.fingerprint); // public facts stay
  });
});
