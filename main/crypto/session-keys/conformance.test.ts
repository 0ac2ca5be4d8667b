// One conformance spec for every session-key provider (provider.ts): the reference (openpgp.js) and the fast one
// (node:crypto where it pays). For each key kind the server accepts (v4 keys that can encrypt: RSA of any size,
// legacy Curve25519 ECDH, RFC 9580 X25519, NIST ECDH, X448), each provider must:
//   - decrypt the session key of a message openpgp.js encrypted, and the message itself (copy and re-wrap paths);
//   - encrypt session keys that plain openpgp.js decrypts, and whole re-wrapped messages it decrypts and verifies;
//   - refuse, with DecryptionError only, messages to another key, relabelled ones, bit flips in the PKESK and in the
//     encrypted data, truncations, and (Curve25519 kinds) small-order ephemeral points;
//   - refuse expired and revoked recipients, and session keys a key kind cannot carry, with EncryptionError.
// The providers are exercised directly and through the services that use the active one (useFastSessionKeys, as
// the `fastCrypto` setting does). A last part checks that the fast provider really handles its kinds itself
// (a reference that refuses everything underneath it) and hands every other kind to the reference.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecryptionError, EncryptionError, KeyWipedError } from '../errors';
import {
  decryptAndVerify, encryptSharedBody, OpenPgpService, openForRewrap, prepareRecipient, wrapForRecipient, wrapWith,
} from '../openpgp.service';
import { PublicKeyRing } from '../public-key-ring';
import type { UnlockedKey } from '../unlocked-key';
import { fastSessionKeys, referenceSessionKeys, useFastSessionKeys } from './active';
import { NodeKeyDecryptors, NodeSessionKeys } from './node-provider';
import type { ParsedPkesk } from './node-common';
import type { SessionKeyProvider } from './provider';

const pgp = new OpenPgpService();
const fixture = (name: string): string => readFileSync(new URL(`../test-fixtures/${name}`, import.meta.url), 'utf8');

interface Holder { key: UnlockedKey; publicKey: openpgp.PublicKey; armoredPublicKey: string }

interface Kind {
  name: string;
  make(n: number): Promise<Holder>;
  /** What the fast provider does with node:crypto itself (everything else goes to the reference). */
  fast: { decrypt: boolean; encrypt: boolean };
  /** Where the ephemeral point of a PKESK lives in openpgp.js's parse, for the small-order tests. */
  point?: 'V' | 'ephemeralPublicKey';
}

async function holderFrom(armoredPrivateKey: string, passphrase: string): Promise<Holder> {
  const key = await pgp.unlockPrivateKey(armoredPrivateKey, passphrase);
  return { key, publicKey: key.publicKey, armoredPublicKey: key.publicKey.armor() };
}

async function generated(options: Omit<openpgp.SubkeyOptions, 'sign'>, n: number): Promise<Holder> {
  const { privateKey } = await openpgp.generateKey({ ...options, userIDs: [{ email: `k${n}@example.com` }], passphrase: 'p', format: 'armored' });
  return holderFrom(privateKey, 'p');
}

const KINDS: Kind[] = [
  {
    name: 'legacy Curve25519 ECDH (Tessera, the Passbolt extension, GnuPG)', fast: { decrypt: true, encrypt: true }, point: 'V',
    make: async (n) => {
      const made = await pgp.generateKeyPair({ name: `k${n}`, email: `k${n}@example.com`, passphrase: 'p' });
      return holderFrom(made.armoredPrivateKey, 'p');
    },
  },
  { name: 'RFC 9580 X25519, v4 (openpgp.js 6, new GnuPG)', fast: { decrypt: true, encrypt: true }, point: 'ephemeralPublicKey', make: (n) => generated({ type: 'curve25519' }, n) },
  { name: 'RSA-2048 (openpgp.js)', fast: { decrypt: false, encrypt: false }, make: (n) => generated({ type: 'rsa', rsaBits: 2048 }, n) },
  {
    name: 'RSA-3072 (GnuPG)', fast: { decrypt: false, encrypt: false },
    // The second holder of this kind is an openpgp.js RSA-3072 key (there is one GnuPG fixture).
    make: (n) => (n === 0 ? holderFrom(fixture('rsa3072-gnupg.key.asc'), 'rsa fixture passphrase') : generated({ type: 'rsa', rsaBits: 3072 }, n)),
  },
  { name: 'RSA-4096 (openpgp.js)', fast: { decrypt: false, encrypt: false }, make: (n) => generated({ type: 'rsa', rsaBits: 4096 }, n) },
  { name: 'NIST P-256 ECDH', fast: { decrypt: false, encrypt: false }, make: (n) => generated({ type: 'ecc', curve: 'nistP256' }, n) },
  { name: 'X448, v4', fast: { decrypt: false, encrypt: false }, make: (n) => generated({ type: 'curve448' }, n) },
];

/** Per kind: the holder messages are for, and another holder of the same kind (a wrong key). */
const holders = new Map<string, { me: Holder; other: Holder }>();
let writer: Holder;
let ring: PublicKeyRing;
const SECRET = JSON.stringify({ password: 'kR7#vQ2!mZ9@xL4$', description: 'conformance' });

beforeAll(async () => {
  writer = await KINDS[0]!.make(99);
  ring = PublicKeyRing.fromKeys([writer.publicKey]);
  for (const kind of KINDS) holders.set(kind.name, { me: await kind.make(0), other: await kind.make(1) });
}, 300_000);

afterAll(() => useFastSessionKeys(true));

/** A secret as any Passbolt client writes it: plain openpgp.js, to `to`, signed by the writer. */
async function writtenByOpenPgp(to: Holder, text = SECRET): Promise<string> {
  return openpgp.encrypt({ message: await openpgp.createMessage({ text }), encryptionKeys: to.publicKey, signingKeys: writer.key.privateKey }) as Promise<string>;
}

async function binaryOf(armored: string): Promise<Uint8Array> {
  return (await openpgp.unarmor(armored)).data as Uint8Array;
}

const armorBinary = (binary: Uint8Array): string => openpgp.armor(openpgp.enums.armor.message, binary);

/** The session key openpgp.js finds, from its own parse of the message. */
async function referenceSessionKey(armored: string, holder: Holder): Promise<openpgp.DecryptedSessionKey> {
  const [sessionKey] = await openpgp.decryptSessionKeys({ message: await openpgp.readMessage({ armoredMessage: armored }), decryptionKeys: holder.key.privateKey });
  return sessionKey!;
}

/** Where the first packet's (the PKESK's) body starts and ends: openpgp.js writes new-format headers. */
function pkeskSpan(binary: Uint8Array): { start: number; end: number } {
  const l0 = binary[1] as number;
  if (l0 < 192) return { start: 2, end: 2 + l0 };
  return { start: 3, end: 3 + ((l0 - 192) << 8) + (binary[2] as number) + 192 };
}

/** Decrypts through the services (copy and re-wrap paths): the text, or the error it failed with. */
async function serviceOutcome(armored: string, holder: Holder): Promise<{ copy: unknown; rewrap: unknown }> {
  const copy = await decryptAndVerify(armored, holder.key, ring).then((r) => r.text, (err: unknown) => err);
  const rewrap = await openForRewrap(armored, holder.key, ring).then((r) => {
    r.rewrap?.sessionKey.data.fill(0);
    return r.text;
  }, (err: unknown) => err);
  return { copy, rewrap };
}

async function expectRefused(armored: string, holder: Holder): Promise<void> {
  const { copy, rewrap } = await serviceOutcome(armored, holder);
  expect(copy).toBeInstanceOf(DecryptionError);
  expect(rewrap).toBeInstanceOf(DecryptionError);
}

/** The small-order Curve25519 u-coordinates (0, 1, the order-8 points, p-1, p, p+1): X25519 gives all zeros for them. */
const SMALL_ORDER_POINTS = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
  '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
].map((hex) => Buffer.from(hex, 'hex'));

const PROVIDERS: [string, SessionKeyProvider][] = [['openpgp.js (reference)', referenceSessionKeys], ['node:crypto (fast)', fastSessionKeys]];

describe.each(PROVIDERS)('session-key provider: %s', (_providerName, provider) => {
  beforeAll(() => useFastSessionKeys(provider === fastSessionKeys));

  describe.each(KINDS)('$name', (kind) => {
    const me = (): Holder => holders.get(kind.name)!.me;
    const other = (): Holder => holders.get(kind.name)!.other;

    it('decrypts the session key of a message openpgp.js encrypted, and the message (copy and re-wrap paths)', async () => {
      const armored = await writtenByOpenPgp(me());
      const expected = await referenceSessionKey(armored, me());
      const got = await provider.decryptSessionKeys(await openpgp.readMessage({ armoredMessage: armored }), me().key);
      expect(got).toEqual([{ data: expected.data, algorithm: expected.algorithm }]);
      expect(await decryptAndVerify(armored, me().key, ring)).toEqual({ text: SECRET, signature: 'valid', signerFingerprint: writer.key.fingerprint });
      const source = await openForRewrap(armored, me().key, ring);
      expect(source).toMatchObject({ text: SECRET, signature: 'valid' });
      expect(source.rewrap!.sessionKey).toEqual({ data: expected.data, algorithm: expected.algorithm });
      // The body passed on is the stored SEIPD packet, byte for byte.
      const binary = await binaryOf(armored);
      expect(Buffer.from(source.rewrap!.body)).toEqual(Buffer.from(binary.subarray(pkeskSpan(binary).end)));
    });

    it.each(['aes128', 'aes256'] as const)('encrypts a %s session key that openpgp.js decrypts, fresh each time', async (algorithm) => {
      const sessionKey = { data: crypto.getRandomValues(new Uint8Array(algorithm === 'aes128' ? 16 : 32)), algorithm };
      const encrypter = await provider.encrypterFor(me().publicKey);
      const pkesk = await encrypter.encrypt(sessionKey);
      const decrypted = await openpgp.decryptSessionKeys({ message: await openpgp.readMessage({ binaryMessage: pkesk }), decryptionKeys: me().key.privateKey });
      expect(decrypted).toEqual([{ data: sessionKey.data, algorithm }]);
      expect(Buffer.from(await encrypter.encrypt(sessionKey))).not.toEqual(Buffer.from(pkesk));
      // And another key's holder cannot.
      await expect(openpgp.decryptSessionKeys({ message: await openpgp.readMessage({ binaryMessage: pkesk }), decryptionKeys: other().key.privateKey })).rejects.toThrow();
    });

    it('re-wraps a shared body for this kind: plain openpgp.js decrypts it and verifies the writer; so does the provider', async () => {
      const shared = await encryptSharedBody(SECRET, writer.key);
      const armored = await wrapForRecipient(shared.sessionKey, shared.body, await prepareRecipient(me().armoredPublicKey));
      const { data, signatures } = await openpgp.decrypt({
        message: await openpgp.readMessage({ armoredMessage: armored }), decryptionKeys: me().key.privateKey, verificationKeys: writer.publicKey, expectSigned: true,
      });
      expect(data).toBe(SECRET);
      await expect(signatures[0]!.verified).resolves.toBe(true);
      expect(await decryptAndVerify(armored, me().key, ring)).toMatchObject({ text: SECRET, signature: 'valid' });
      // Passed on once more from this kind (a group add by a holder of this kind) to a legacy key.
      const source = await openForRewrap(armored, me().key, ring);
      const onward = await wrapForRecipient(source.rewrap!.sessionKey, source.rewrap!.body, writer.armoredPublicKey);
      expect(await decryptAndVerify(onward, writer.key, ring)).toMatchObject({ text: SECRET, signature: 'valid' });
    });

    it('refuses a message to another key of the same kind, and one relabelled with our key id', async () => {
      const forOther = await writtenByOpenPgp(other());
      await expect(provider.decryptSessionKeys(await openpgp.readMessage({ armoredMessage: forOther }), me().key)).rejects.toBeInstanceOf(DecryptionError);
      await expectRefused(forOther, me());
      const message = await openpgp.readMessage({ armoredMessage: forOther });
      const pkesk = message.packets[0] as unknown as { publicKeyID: openpgp.KeyID };
      pkesk.publicKeyID = (await me().key.privateKey.getDecryptionKeys())[0]!.getKeyID();
      await expectRefused(message.armor(), me());
    });

    it('refuses bit flips in the PKESK and in the encrypted data, with DecryptionError only', async () => {
      const armored = await writtenByOpenPgp(me());
      const binary = await binaryOf(armored);
      const { start, end } = pkeskSpan(binary);
      // Inside the PKESK's encrypted fields (after version, key id and algorithm) and inside the SEIPD packet.
      for (const offset of [start + 14, end - 3, end - 1, end + 30, binary.length - 40, binary.length - 1]) {
        const altered = Uint8Array.from(binary);
        altered[offset] = (altered[offset] as number) ^ 0x01;
        await expectRefused(armorBinary(altered), me());
      }
    });

    it('random flips in the PKESK never yield another text or another error (MPI bit counts that keep the octet count aside)', async () => {
      const armored = await writtenByOpenPgp(me(), 'flip me');
      const binary = await binaryOf(armored);
      const { start, end } = pkeskSpan(binary);
      await fc.assert(fc.asyncProperty(
        fc.array(fc.record({ at: fc.integer({ min: start, max: end - 1 }), bit: fc.nat(7) }), { minLength: 1, maxLength: 3 }),
        async (flips) => {
          const altered = Uint8Array.from(binary);
          for (const { at, bit } of flips) altered[at] = (altered[at] as number) ^ (1 << bit);
          const { copy, rewrap } = await serviceOutcome(armorBinary(altered), me());
          for (const outcome of [copy, rewrap]) {
            if (typeof outcome === 'string') expect(outcome).toBe('flip me');
            else expect(outcome).toBeInstanceOf(DecryptionError);
          }
        },
      ), { numRuns: 25 });
    }, 60_000);

    it('refuses truncated messages', async () => {
      const binary = await binaryOf(await writtenByOpenPgp(me()));
      const { start, end } = pkeskSpan(binary);
      for (const length of [1, start + 5, end - 1, end, end + 10, binary.length - 1]) await expectRefused(armorBinary(binary.subarray(0, length)), me());
    });

    it('refuses expired and revoked recipients with EncryptionError', async () => {
      const expiredKind = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'old@example.com' }], date: new Date(Date.now() - 3_600_000), keyExpirationTime: 60 });
      await expect(provider.encrypterFor(await openpgp.readKey({ armoredKey: expiredKind.publicKey }))).rejects.toBeInstanceOf(EncryptionError);
      const revoked = await openpgp.revokeKey({ key: other().key.privateKey, format: 'object' });
      await expect(provider.encrypterFor(revoked.publicKey)).rejects.toBeInstanceOf(EncryptionError);
    });

    if (kind.point) {
      const field = kind.point;
      it('refuses small-order ephemeral points', async () => {
        const armored = await writtenByOpenPgp(me());
        for (const point of SMALL_ORDER_POINTS) {
          const message = await openpgp.readMessage({ armoredMessage: armored });
          const encrypted = (message.packets[0] as unknown as ParsedPkesk).encrypted!;
          if (field === 'V') encrypted.V = Uint8Array.of(0x40, ...point);
          else encrypted.ephemeralPublicKey = Uint8Array.from(point);
          const altered = message.armor();
          await expect(provider.decryptSessionKeys(await openpgp.readMessage({ armoredMessage: altered }), me().key)).rejects.toBeInstanceOf(DecryptionError);
          await expectRefused(altered, me());
        }
      });
    }
  });

  it('refuses session keys an X25519 key cannot carry (RFC 9580: AES only), with EncryptionError', async () => {
    const x25519 = holders.get(KINDS[1]!.name)!.me;
    const encrypter = await provider.encrypterFor(x25519.publicKey);
    await expect(wrapWith({ data: new Uint8Array(16), algorithm: 'cast5' }, new Uint8Array(0), encrypter)).rejects.toBeInstanceOf(EncryptionError);
  });

  it('judges unsigned and outsider-signed secrets as such, and refuses what is not a message', async () => {
    const me = holders.get(KINDS[0]!.name)!.me;
    const unsigned = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'unsigned' }), encryptionKeys: me.publicKey });
    expect(await openForRewrap(unsigned, me.key, ring)).toMatchObject({ text: 'unsigned', signature: 'unsigned' });
    const outsider = holders.get(KINDS[0]!.name)!.other;
    const forged = await pgp.encryptAndSign('forged', me.publicKey, outsider.key);
    expect(await openForRewrap(forged, me.key, ring)).toMatchObject({ text: 'forged', signature: 'unknown-signer' });
    await expect(openForRewrap(me.armoredPublicKey, me.key, ring)).rejects.toBeInstanceOf(DecryptionError);
    await expect(openForRewrap('-----BEGIN PGP MESSAGE-----\n\nAAAA\n-----END PGP MESSAGE-----', me.key, ring)).rejects.toBeInstanceOf(DecryptionError);
    // Truncated packet headers (five-octet and two-octet lengths, old format) are not read past the end.
    for (const bytes of [[0xc1, 0xff, 0x00], [0xc1, 0xc5], [0x85, 0x01]]) await expectRefused(armorBinary(Uint8Array.from(bytes)), me);
  });
});

describe('the fast provider handles its own kinds with node:crypto and hands the others to the reference', () => {
  const fellBack = new Error('handed to the reference');
  const refusing: SessionKeyProvider = {
    name: 'refusing',
    decryptSessionKeys: () => Promise.reject(fellBack),
    encrypterFor: () => Promise.reject(fellBack),
    encrypterFromMaterial: () => null,
  };
  const strict = new NodeSessionKeys(refusing);

  it.each(KINDS)('$name', async (kind) => {
    const { me } = holders.get(kind.name)!;
    const armored = await writtenByOpenPgp(me);
    const decrypting = strict.decryptSessionKeys(await openpgp.readMessage({ armoredMessage: armored }), me.key);
    if (kind.fast.decrypt) expect((await decrypting)[0]).toEqual(await referenceSessionKey(armored, me));
    else await expect(decrypting).rejects.toBe(fellBack);
    const encrypting = strict.encrypterFor(me.publicKey);
    if (kind.fast.encrypt) await expect(encrypting).resolves.toBeDefined();
    else await expect(encrypting).rejects.toBe(fellBack);
    // Material (encryption-material.ts) exists for exactly the kinds it encrypts for.
    const material = (await pgp.readKeyInfo(me.armoredPublicKey)).encryption;
    expect(strict.encrypterFromMaterial(material) !== null).toBe(kind.fast.encrypt);
    expect(referenceSessionKeys.encrypterFromMaterial(material)).toBeNull();
  });

  it('reads small-order points and truncated fields without throwing (they go to the reference)', async () => {
    for (const kind of KINDS.filter((k) => k.point)) {
      const { me } = holders.get(kind.name)!;
      const decryptors = await NodeKeyDecryptors.forKey(me.key);
      const message = await openpgp.readMessage({ armoredMessage: await writtenByOpenPgp(me) });
      const pkesk = message.packets[0] as unknown as ParsedPkesk;
      const encrypted = pkesk.encrypted!;
      for (const point of SMALL_ORDER_POINTS) {
        const altered = { ...pkesk, encrypted: { ...encrypted, ...(kind.point === 'V' ? { V: Uint8Array.of(0x40, ...point) } : { ephemeralPublicKey: Uint8Array.from(point) }) } };
        expect(decryptors.unwrap(altered)).toBeNull();
      }
      expect(decryptors.unwrap({ ...pkesk, encrypted: {} })).toBeNull();
      expect(decryptors.unwrap({ ...pkesk, encrypted: null })).toBeNull();
      expect(decryptors.unwrap({ ...pkesk, encrypted: { ...encrypted, C: {} } })).toBeNull();
    }
  });

  it('forgets the node:crypto keys of a wiped key', async () => {
    const holder = await KINDS[0]!.make(7);
    await NodeKeyDecryptors.forKey(holder.key);
    holder.key.wipe();
    expect(() => NodeKeyDecryptors.forKey(holder.key)).toThrow(KeyWipedError);
  });
});
