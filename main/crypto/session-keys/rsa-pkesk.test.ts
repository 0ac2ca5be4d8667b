// The RSA internals of the fast provider (rsa-pkesk.ts): the constant-time EME-PKCS1-v1_5 decoding, the private
// KeyObject's self-test, and a ciphertext of n or more. Round trips with openpgp.js, wrong keys, bit flips and
// truncation for every RSA size are in conformance.test.ts.
import * as openpgp from 'openpgp';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DecryptionError } from '../errors';
import { OpenPgpService } from '../openpgp.service';
import { PublicKeyRing } from '../public-key-ring';
import type { UnlockedKey } from '../unlocked-key';
import { useFastSessionKeys } from './active';
import { checksum, type ParsedPkesk } from './node-common';
import { decodeEmeSessionKey, rsaDecryptor, type RsaKeyPacket } from './rsa-pkesk';

const pgp = new OpenPgpService();
let ada: UnlockedKey;
let ring: PublicKeyRing;
let rsa2048: UnlockedKey;

beforeAll(async () => {
  useFastSessionKeys(true);
  const made = await pgp.generateKeyPair({ name: 'ada', email: 'ada@example.com', passphrase: 'ada pass' });
  ada = await pgp.unlockPrivateKey(made.armoredPrivateKey, 'ada pass');
  ring = PublicKeyRing.fromKeys([ada.publicKey]);
  const { privateKey } = await openpgp.generateKey({ type: 'rsa', rsaBits: 2048, userIDs: [{ email: 'rsa2048@example.com' }], passphrase: 'p', format: 'armored' });
  rsa2048 = await pgp.unlockPrivateKey(privateKey, 'p');
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

describe('an RSA ciphertext of n or more', () => {
  it('fails with DecryptionError', async () => {
    const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'x' }), encryptionKeys: rsa2048.publicKey, signingKeys: ada.privateKey }) as string;
    const binary = (await openpgp.unarmor(armored)).data as Uint8Array;
    const at = pkeskBodyStart(binary) + 12; // the MPI's octets
    const tooLarge = Uint8Array.from(binary);
    tooLarge.fill(0xff, at, at + 256);
    await expect(pgp.decryptAndVerify(openpgp.armor(openpgp.enums.armor.message, tooLarge), rsa2048, ring)).rejects.toBeInstanceOf(DecryptionError);
  });
});

describe('rsaDecryptor', () => {
  it('is not made for keys whose private part does not decrypt (self-test) or is missing, nor for other algorithms', async () => {
    const packet = (await rsa2048.privateKey.getDecryptionKeys())[0]!.keyPacket as unknown as RsaKeyPacket;
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
    const pkesk = await openpgp.encryptSessionKey({ data: key, algorithm: 'aes256', encryptionKeys: rsa2048.publicKey, format: 'object' });
    expect(wrongU?.unwrap(pkesk.packets[0] as unknown as ParsedPkesk)).toEqual({ data: key, algorithm: 'aes256' });
    const legacy = (await ada.privateKey.getDecryptionKeys())[0]!.keyPacket as unknown as RsaKeyPacket;
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
