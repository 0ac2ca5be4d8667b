// RSA session keys decrypted with node:crypto (raw RSA) and the constant-time EME-PKCS1-v1_5 decoding of
// rsa-pkesk.ts, against real openpgp.js: RSA 2048/3072/4096 keys made by openpgp.js and a GnuPG-made RSA-3072 key;
// wrong keys, corrupted ciphertexts and random bit flips fail with DecryptionError, as they did through openpgp.js.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { DecryptionError } from './errors';
import { SessionKeyDecryptor } from './node-session-keys';
import { OpenPgpService, openForRewrap, prepareRecipient, wrapForRecipient, type GeneratedKeyPair } from './openpgp.service';
import { checksum } from './pkesk-common';
import { PublicKeyRing } from './public-key-ring';
import { decodeEmeSessionKey, rsaDecryptor, type RsaKeyPacket } from './rsa-pkesk';
import { messageBytes } from './test-support/altered-messages';
import type { UnlockedKey } from './unlocked-key';

const pgp = new OpenPgpService();
const GNUPG_KEY = readFileSync(new URL('./test-fixtures/rsa3072-gnupg.key.asc', import.meta.url), 'utf8');
const GNUPG_PASSPHRASE = 'rsa fixture passphrase';
let ada: GeneratedKeyPair;
let adaKey: UnlockedKey;
let ring: PublicKeyRing;
/** RSA keys by name: openpgp.js-made 2048/3072/4096, and GnuPG's 3072. */
const rsa = new Map<string, { key: UnlockedKey; armoredPublicKey: string }>();

async function openpgpRsa(bits: number): Promise<{ key: UnlockedKey; armoredPublicKey: string }> {
  const { privateKey, publicKey } = await openpgp.generateKey({ type: 'rsa', rsaBits: bits, userIDs: [{ email: `rsa${bits}@example.com` }], passphrase: 'p', format: 'armored' });
  return { key: await pgp.unlockPrivateKey(privateKey, 'p'), armoredPublicKey: publicKey };
}

beforeAll(async () => {
  ada = await pgp.generateKeyPair({ name: 'ada', email: 'ada@example.com', passphrase: 'ada pass' });
  adaKey = await pgp.unlockPrivateKey(ada.armoredPrivateKey, 'ada pass');
  ring = await PublicKeyRing.fromArmored([ada.armoredPublicKey]);
  for (const bits of [2048, 3072, 4096]) rsa.set(`openpgp.js RSA-${bits}`, await openpgpRsa(bits));
  const gnupg = await pgp.unlockPrivateKey(GNUPG_KEY, GNUPG_PASSPHRASE);
  rsa.set('GnuPG RSA-3072', { key: gnupg, armoredPublicKey: gnupg.publicKey.armor() });
}, 120_000);

const AES256 = openpgp.enums.symmetric.aes256;
const ACCEPTED = new Set<number>([AES256, openpgp.enums.symmetric.aes128, openpgp.enums.symmetric.tripledes, openpgp.enums.symmetric.cast5]);

/** EM = 00 02 PS 00 algorithm key checksum, k octets. */
function encode(k: number, algorithm: number, key: Uint8Array, options: { sum?: number; psLength?: number } = {}): Uint8Array {
  const payload = [algorithm, ...key, ((options.sum ?? checksum(key)) >> 8) & 0xff, (options.sum ?? checksum(key)) & 0xff];
  const em = new Uint8Array(k);
  em[1] = 2;
  const psEnd = options.psLength === undefined ? k - payload.length - 1 : 2 + options.psLength;
  for (let i = 2; i < psEnd; i++) em[i] = 1 + (i % 255);
  em.set(payload, k - payload.length);
  return em;
}

describe('decodeEmeSessionKey', () => {
  const k = 384;
  const key32 = crypto.getRandomValues(new Uint8Array(32));

  it.each([
    ['aes256', AES256, 32], ['aes128', openpgp.enums.symmetric.aes128, 16], ['tripledes', openpgp.enums.symmetric.tripledes, 24],
  ] as const)('decodes a valid %s encoding', (_name, algorithm, size) => {
    const key = crypto.getRandomValues(new Uint8Array(size));
    expect(decodeEmeSessionKey(encode(k, algorithm, key), ACCEPTED)).toEqual({ valid: 1, algorithm, key });
  });

  it('accepts 8 octets of PS, the minimum', () => {
    expect(decodeEmeSessionKey(encode(2 + 8 + 1 + 35, AES256, key32), ACCEPTED).valid).toBe(1);
  });

  const invalid: [string, (em: Uint8Array) => Uint8Array][] = [
    ['first octet not 0', (em) => { em[0] = 1; return em; }],
    ['second octet not 2', (em) => { em[1] = 1; return em; }],
    ['a bad checksum', () => encode(k, AES256, key32, { sum: checksum(key32) ^ 1 })],
    ['an algorithm of another key size', () => encode(k, openpgp.enums.symmetric.aes128, key32)],
    ['an unknown algorithm', () => encode(k, 99, key32)],
    ['an algorithm openpgp.js does not accept for this key (AES-192)', () => encode(k, openpgp.enums.symmetric.aes192, key32.subarray(0, 24))],
    ['PS of 7 octets', () => encode(2 + 7 + 1 + 35, AES256, key32)],
    ['no separator', (em) => { em.fill(7, 2); return em; }],
    ['a separator one octet early (payload one longer)', () => encode(k, AES256, key32, { psLength: k - 2 - 37 })],
    ['all zeros', (em) => em.fill(0)],
  ];
  it.each(invalid)('refuses %s: a random AES-256 key, never an error', (_name, alter) => {
    const first = decodeEmeSessionKey(alter(encode(k, AES256, key32)), ACCEPTED);
    const second = decodeEmeSessionKey(alter(encode(k, AES256, key32)), ACCEPTED);
    expect(first.valid).toBe(0);
    expect(first.algorithm).toBe(AES256);
    expect(first.key.length).toBe(32);
    expect(Buffer.from(first.key)).not.toEqual(Buffer.from(key32));
    expect(Buffer.from(first.key)).not.toEqual(Buffer.from(second.key));
  });

  it('refuses to read an encoding too short to hold a session key (a length no modulus has)', () => {
    expect(() => decodeEmeSessionKey(new Uint8Array(36), ACCEPTED)).toThrow(RangeError);
  });

  it('never yields a valid key from random encodings, and never throws', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 128, maxLength: 512 }), (em) => {
      const { valid, key } = decodeEmeSessionKey(em, ACCEPTED);
      if (valid === 0) expect(key.length).toBe(32);
    }), { numRuns: 500 });
  });
});

/** A message to `to` written by openpgp.js (signed by ada), and the session key openpgp.js finds in it. */
async function messageFor(to: { key: UnlockedKey; armoredPublicKey: string }, text: string): Promise<{ armored: string; binary: Uint8Array; sessionKey: openpgp.DecryptedSessionKey }> {
  const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text }), encryptionKeys: to.key.publicKey, signingKeys: adaKey.privateKey }) as string;
  const binary = await messageBytes(armored);
  const message = await openpgp.readMessage({ armoredMessage: armored });
  const [sessionKey] = await openpgp.decryptSessionKeys({ message, decryptionKeys: to.key.privateKey });
  return { armored, binary, sessionKey: sessionKey! };
}

describe('RSA messages written by openpgp.js', () => {
  it.each(['openpgp.js RSA-2048', 'openpgp.js RSA-3072', 'openpgp.js RSA-4096', 'GnuPG RSA-3072'])('%s: decrypts to the same session key and text through node:crypto', async (name) => {
    const to = rsa.get(name)!;
    const { armored, sessionKey } = await messageFor(to, `to ${name}`);
    const unwrap = vi.spyOn(SessionKeyDecryptor.prototype, 'unwrap');
    let source;
    try {
      expect(await pgp.decryptAndVerify(armored, to.key, ring)).toEqual({ text: `to ${name}`, signature: 'valid', signerFingerprint: ada.fingerprint });
      expect(unwrap).toHaveBeenCalledTimes(1);
      expect(unwrap.mock.results[0]?.value).not.toBeNull(); // (its key is zeroed after use)
      source = await openForRewrap(armored, to.key, ring);
      expect(unwrap).toHaveReturnedWith(source.rewrap!.sessionKey);
      expect(source.rewrap!.sessionKey).toEqual({ data: sessionKey.data, algorithm: sessionKey.algorithm });
    } finally {
      unwrap.mockRestore();
    }
    // And re-wraps for another user (group add from an RSA account).
    const forAda = await wrapForRecipient(source.rewrap!.sessionKey, source.rewrap!.body, await prepareRecipient(ada.armoredPublicKey));
    expect(await pgp.decryptAndVerify(forAda, adaKey, ring)).toMatchObject({ text: `to ${name}`, signature: 'valid' });
  });

  it('a message to another RSA key, or relabelled with our key id, fails with DecryptionError', async () => {
    const mine = rsa.get('openpgp.js RSA-3072')!;
    const other = rsa.get('GnuPG RSA-3072')!;
    const { armored, binary } = await messageFor(other, 'not for you');
    await expect(pgp.decryptAndVerify(armored, mine.key, ring)).rejects.toBeInstanceOf(DecryptionError);
    // The PKESK's key id rewritten to ours: decrypted with our key, the padding is garbage, a random key fails the MDC.
    const relabelled = Uint8Array.from(binary);
    const ourSubkey = (await mine.key.privateKey.getDecryptionKeys())[0]!.getKeyID();
    relabelled.set(Buffer.from(ourSubkey.toHex(), 'hex'), pkeskBodyStart(binary) + 1);
    const armoredRelabelled = openpgp.armor(openpgp.enums.armor.message, relabelled);
    await expect(openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: armoredRelabelled }), decryptionKeys: mine.key.privateKey })).rejects.toThrow();
    const unwrap = vi.spyOn(SessionKeyDecryptor.prototype, 'unwrap');
    try {
      await expect(pgp.decryptAndVerify(armoredRelabelled, mine.key, ring)).rejects.toBeInstanceOf(DecryptionError);
      expect(unwrap.mock.results[0]?.value).not.toBeNull(); // the node:crypto path answered (a random key)
    } finally {
      unwrap.mockRestore();
    }
  });

  it('a ciphertext of n or more fails with DecryptionError', async () => {
    const to = rsa.get('openpgp.js RSA-2048')!;
    const { binary } = await messageFor(to, 'x');
    const at = pkeskBodyStart(binary) + 12; // the MPI's octets
    const tooLarge = Uint8Array.from(binary);
    tooLarge.fill(0xff, at, at + 256);
    await expect(pgp.decryptAndVerify(openpgp.armor(openpgp.enums.armor.message, tooLarge), to.key, ring)).rejects.toBeInstanceOf(DecryptionError);
  });

  it('random bit flips never yield the text, except flips of the MPI bit count that keep its octet count; only DecryptionError is thrown; as openpgp.js', async () => {
    const to = rsa.get('openpgp.js RSA-2048')!;
    const { binary } = await messageFor(to, 'flip me');
    const start = pkeskBodyStart(binary);
    const bitCount = [start + 10, start + 11];
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({ at: fc.nat(binary.length - 1), bit: fc.nat(7) }), { minLength: 1, maxLength: 3 }),
      async (flips) => {
        const altered = Uint8Array.from(binary);
        for (const { at, bit } of flips) altered[at] = (altered[at] as number) ^ (1 << bit);
        if (Buffer.from(altered).equals(Buffer.from(binary))) return; // flips that cancel out
        const armoredAltered = openpgp.armor(openpgp.enums.armor.message, altered);
        const ours = await pgp.decryptAndVerify(armoredAltered, to.key, ring).then((r) => r.text, (err: unknown) => err);
        const reference = await openpgp.readMessage({ binaryMessage: altered })
          .then((message) => openpgp.decrypt({ message, decryptionKeys: to.key.privateKey }))
          .then((r) => r.data, (err: unknown) => err);
        if (typeof ours === 'string') {
          expect(ours).toBe('flip me');
          expect(flips.every(({ at }) => bitCount.includes(at))).toBe(true);
          expect(reference).toBe('flip me');
        } else {
          expect(ours).toBeInstanceOf(DecryptionError);
          expect(reference).toBeInstanceOf(Error); // openpgp.js refuses it too
        }
      },
    ), { numRuns: 100 });
  }, 120_000);
});

describe('rsaDecryptor', () => {
  it('is not made for keys whose private part does not decrypt (self-test) or is missing, nor for other algorithms', async () => {
    const packet = (await rsa.get('openpgp.js RSA-2048')!.key.privateKey.getDecryptionKeys())[0]!.keyPacket as unknown as RsaKeyPacket;
    expect(rsaDecryptor(packet, ACCEPTED)).not.toBeNull();
    const d = Uint8Array.from(packet.privateParams!.d!);
    d[d.length - 1] = (d[d.length - 1] as number) ^ 0x02;
    expect(rsaDecryptor({ ...packet, getKeyID: () => packet.getKeyID(), privateParams: { ...packet.privateParams, d } }, ACCEPTED)).toBeNull();
    expect(rsaDecryptor({ ...packet, getKeyID: () => packet.getKeyID(), privateParams: undefined }, ACCEPTED)).toBeNull();
    // A wrong CRT coefficient still decrypts correctly: OpenSSL checks each CRT result with e and recomputes with d.
    const u = Uint8Array.from(packet.privateParams!.u!);
    u[u.length - 1] = (u[u.length - 1] as number) ^ 0x02;
    const wrongU = rsaDecryptor({ ...packet, getKeyID: () => packet.getKeyID(), privateParams: { ...packet.privateParams, u } }, ACCEPTED);
    const key = crypto.getRandomValues(new Uint8Array(32));
    const pkesk = await openpgp.encryptSessionKey({ data: key, algorithm: 'aes256', encryptionKeys: rsa.get('openpgp.js RSA-2048')!.key.publicKey, format: 'binary' });
    expect(wrongU?.unwrap(pkesk.subarray(pkeskBodyStart(pkesk)))).toEqual({ data: key, algorithm: 'aes256' });
    const legacy = (await adaKey.privateKey.getDecryptionKeys())[0]!.keyPacket as unknown as RsaKeyPacket;
    expect(rsaDecryptor(legacy, ACCEPTED)).toBeNull();
  });
});

/** Where the first packet's (the PKESK's) body starts in a binary message: openpgp.js writes new-format headers. */
function pkeskBodyStart(binary: Uint8Array): number {
  const l0 = binary[1] as number;
  if (l0 < 192) return 2;
  if (l0 < 224) return 3;
  return 6;
}
