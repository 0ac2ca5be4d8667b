// Encryption-subkey material (encryption-material.ts) with real OpenPGP keys: what readKeyInfo describes for legacy
// Curve25519, RFC 9580 X25519 and RSA keys; expiry, revocation and future-dated packets; and the worker pool wrapping
// straight from the material (the armored key is not even parseable in those cases) for messages plain openpgp.js
// decrypts for the right recipient only, while material past its validUntil falls back to the armored key and is
// refused exactly as before.
import { readFileSync } from 'node:fs';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptionMaterial, type EncryptionMaterial } from './encryption-material';
import { wrapperFromMaterial } from './session-keys/node-provider';
import { OpenPgpService } from './openpgp.service';
import { plainDecrypt, rfc9580Holder, tesseraHolder, type KeyHolder } from './test-support/key-holders';
import { BulkItemError, CryptoWorkerPool } from './worker-pool';

const pgp = new OpenPgpService();
const pool = new CryptoWorkerPool({ size: 1, batchSize: 4 });
const RSA_PUBLIC = readFileSync(new URL('./test-fixtures/rsa3072-gnupg.pub.asc', import.meta.url), 'utf8');
const HOUR = 3_600_000;

let writer: KeyHolder; // legacy Curve25519 (Tessera-made)
let legacy: KeyHolder; // legacy Curve25519
let x25519: KeyHolder; // openpgp.js 6 `curve25519`: RFC 9580 X25519 subkey

beforeAll(async () => {
  [writer, legacy, x25519] = await Promise.all([tesseraHolder('writer'), tesseraHolder('legacy'), rfc9580Holder('x')]);
});

afterAll(() => pool.dispose());

async function material(armored: string): Promise<EncryptionMaterial> {
  const info = await pgp.readKeyInfo(armored);
  expect(info.encryption).not.toBeNull();
  return info.encryption as EncryptionMaterial;
}

describe('encryption material', () => {
  it('describes the subkey getEncryptionKey picks: legacy ECDH and X25519; RSA has none', async () => {
    const legacySubkey = await legacy.key.publicKey.getEncryptionKey();
    expect(await material(legacy.armoredPublicKey)).toEqual({
      kind: 'ecdh-curve25519-legacy', fingerprint: legacySubkey.getFingerprint().toUpperCase(),
      publicKey: Buffer.from((legacySubkey.keyPacket as unknown as { publicParams: { Q: Uint8Array } }).publicParams.Q.subarray(1)).toString('base64'),
      kdfHash: openpgp.enums.hash.sha256, kdfCipher: openpgp.enums.symmetric.aes128, validUntil: null,
    });
    const xSubkey = await x25519.key.publicKey.getEncryptionKey();
    expect(await material(x25519.armoredPublicKey)).toEqual({
      kind: 'x25519', keyId: xSubkey.getKeyID().toHex().toUpperCase(),
      publicKey: Buffer.from((xSubkey.keyPacket as unknown as { publicParams: { A: Uint8Array } }).publicParams.A).toString('base64'), validUntil: null,
    });
    expect((await pgp.readKeyInfo(RSA_PUBLIC)).encryption).toBeNull();
    // Structured-cloneable and JSON-stable (the cache stores it as sealed JSON).
    const m = await material(legacy.armoredPublicKey);
    expect(structuredClone(m)).toEqual(m);
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });

  it('the pool wraps from material alone (unparseable armored key) for messages openpgp.js decrypts for the right recipient only', async () => {
    const recipients = [
      { armoredKey: 'not a key', encryption: await material(legacy.armoredPublicKey) },
      { armoredKey: 'not a key either', encryption: await material(x25519.armoredPublicKey) },
      legacy.armoredPublicKey, // no material: the armored path, as before
    ];
    const [forLegacy, forX, forLegacyArmored] = await pool.encryptSharedForMany('shared secret', recipients, writer.key);
    expect(await plainDecrypt(forLegacy as string, legacy, writer)).toBe('shared secret');
    expect(await plainDecrypt(forX as string, x25519, writer)).toBe('shared secret');
    expect(await plainDecrypt(forLegacyArmored as string, legacy, writer)).toBe('shared secret');
    await expect(plainDecrypt(forLegacy as string, x25519, writer)).rejects.toThrow();
    await expect(plainDecrypt(forX as string, legacy, writer)).rejects.toThrow();
    // Group add: re-wrapping an existing secret for new members from their material.
    const source = await pgp.encryptAndSign('passed on', writer.armoredPublicKey, writer.key);
    const [[toLegacy, toX]] = await pool.reencryptForMany([{ armoredMessage: source, recipientArmoredKeys: recipients.slice(0, 2) }], writer.key, {
      verificationKeys: (await import('./public-key-ring')).PublicKeyRing.fromKeys([writer.key.publicKey]),
    });
    expect(await plainDecrypt(toLegacy as string, legacy, writer)).toBe('passed on');
    expect(await plainDecrypt(toX as string, x25519, writer)).toBe('passed on');
  });

  it('expired and revoked keys have no material; material past validUntil falls back to the armored key and is refused as before', async () => {
    const created = new Date(Date.now() - 2 * HOUR);
    const expired = await openpgp.generateKey({
      type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'old@example.com' }], date: created, keyExpirationTime: 3600, format: 'object',
    });
    const expiredArmored = expired.publicKey.armor();
    expect((await pgp.readKeyInfo(expiredArmored)).encryption).toBeNull();
    // Learned while it was still valid: the material says until when.
    const learned = await encryptionMaterial(expired.publicKey, new Date(created.getTime() + HOUR / 2)) as EncryptionMaterial;
    expect(learned.validUntil).toBe(Math.floor(created.getTime() / 1000) * 1000 + HOUR);
    expect(wrapperFromMaterial(learned)).toBeNull();
    expect(wrapperFromMaterial(learned, learned.validUntil as number - 1)).not.toBeNull();
    const today = await pool.encryptSharedForMany('x', [expiredArmored], writer.key).catch((e: unknown) => e);
    const withStale = await pool.encryptSharedForMany('x', [{ armoredKey: expiredArmored, encryption: learned }], writer.key).catch((e: unknown) => e);
    expect(today).toBeInstanceOf(BulkItemError);
    expect(withStale).toBeInstanceOf(BulkItemError);
    expect((withStale as BulkItemError).reasonName).toBe('EncryptionError');
    expect((withStale as BulkItemError).message).toBe((today as BulkItemError).message);

    const { privateKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'r@example.com' }], format: 'object' });
    const { publicKey: revoked } = await openpgp.revokeKey({ key: privateKey, format: 'object' });
    expect((await pgp.readKeyInfo(revoked.armor())).encryption).toBeNull();
    expect(await encryptionMaterial(revoked)).toBeNull();
  });

  it('validUntil is the earliest of the key expiry, the subkey expiry and any packet dated in the future', async () => {
    const now = Date.now();
    const { privateKey } = await openpgp.generateKey({
      type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'e@example.com' }], keyExpirationTime: 7200, subkeys: [{ keyExpirationTime: 3600 }], format: 'object',
    });
    const subkeyLimit = (await material(privateKey.toPublic().armor())).validUntil as number;
    expect(subkeyLimit).toBeGreaterThan(now + HOUR - 5000);
    expect(subkeyLimit).toBeLessThanOrEqual(now + HOUR + 1000);
    // A subkey that comes into force later: openpgp.js would pick it then, so the material stops there.
    const future = new Date(Math.floor((now + 10 * 60_000) / 1000) * 1000);
    const withFuture = await privateKey.addSubkey({ type: 'ecc', curve: 'curve25519Legacy', date: future } as openpgp.SubkeyOptions);
    const limited = await material(withFuture.toPublic().armor());
    expect(limited.validUntil).toBe(future.getTime());
  });

  it('malformed material gives no wrapper (the armored key decides)', async () => {
    const good = await material(legacy.armoredPublicKey);
    const x = await material(x25519.armoredPublicKey);
    expect(wrapperFromMaterial(good)).not.toBeNull();
    expect(wrapperFromMaterial(x)).not.toBeNull();
    for (const bad of [
      { ...good, fingerprint: good.kind === 'ecdh-curve25519-legacy' ? good.fingerprint.toLowerCase() : '' },
      { ...good, publicKey: Buffer.alloc(31).toString('base64') },
      { ...good, kdfHash: 2 },
      { ...good, validUntil: Date.now() - 1 },
      { ...x, keyId: 'ABCD' },
      { ...x, publicKey: 'not base64!' },
      { ...x, kind: 'rsa' },
    ]) expect(wrapperFromMaterial(bad as EncryptionMaterial)).toBeNull();
  });
});
