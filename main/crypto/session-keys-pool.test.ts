// Session keys inside the crypto worker threads (the pool's wrap, reencrypt and decrypt jobs), with the fast
// provider and with the `fastCrypto` setting off (setFastSessionKeys reaches running and new threads): an RSA
// account passing secrets on to RFC 9580 X25519 and legacy Curve25519 members, a share to X25519 members, and an
// X25519 account decrypting in bulk. Every result is read back with plain openpgp.js.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenPgpService } from './openpgp.service';
import { plainDecrypt, rfc9580Holder, tesseraHolder, type KeyHolder } from './test-support/key-holders';
import { PublicKeyRing } from './public-key-ring';
import { BulkItemError, CryptoWorkerPool } from './worker-pool';

const pgp = new OpenPgpService();
const pool = new CryptoWorkerPool({ size: 1, batchSize: 4 });
const RSA_KEY = readFileSync(new URL('./test-fixtures/rsa3072-gnupg.key.asc', import.meta.url), 'utf8');

let writer: KeyHolder; // legacy Curve25519 (Tessera-made): signs the secrets
let rsaHolder: KeyHolder; // GnuPG RSA-3072: an imported Passbolt account
let carol: KeyHolder; // openpgp.js 6 `curve25519`: X25519 encryption subkey
let dave: KeyHolder;
let ring: PublicKeyRing;

beforeAll(async () => {
  writer = await tesseraHolder('w');
  const rsa = await pgp.unlockPrivateKey(RSA_KEY, 'rsa fixture passphrase');
  rsaHolder = { armoredPublicKey: rsa.publicKey.armor(), key: rsa };
  [carol, dave] = await Promise.all([rfc9580Holder('carol'), rfc9580Holder('dave')]);
  ring = await PublicKeyRing.fromArmored([writer.armoredPublicKey]);
});

afterAll(async () => {
  pool.setFastSessionKeys(true);
  await pool.dispose();
});

describe.each([true, false])('session keys in the worker threads, fast session keys %s', (fast) => {
  beforeAll(() => pool.setFastSessionKeys(fast));

  it('wraps from encryption material alone only while fast session keys are on (the setting reached the thread)', async () => {
    const encryption = (await pgp.readKeyInfo(carol.armoredPublicKey)).encryption;
    const sharing = pool.encryptSharedForMany('from material', [{ armoredKey: 'not a key', encryption }], writer.key);
    if (fast) expect(await plainDecrypt((await sharing)[0] as string, carol, writer)).toBe('from material');
    else await expect(sharing).rejects.toBeInstanceOf(BulkItemError);
  });

  it('an RSA account passes secrets on to X25519 and legacy members (reencrypt: openpgp.js unwraps RSA, X25519 and ECDH wrap)', async () => {
    const items = await Promise.all(Array.from({ length: 6 }, async (_, i) => ({
      armoredMessage: await pgp.encryptAndSign(`secret ${i}`, rsaHolder.armoredPublicKey, writer.key),
      recipientArmoredKeys: [carol.armoredPublicKey, writer.armoredPublicKey],
    })));
    const out = await pool.reencryptForMany(items, rsaHolder.key, { verificationKeys: ring });
    for (const [i, [forCarol, forWriter]] of out.entries()) {
      expect(await plainDecrypt(forCarol as string, carol, writer)).toBe(`secret ${i}`);
      expect(await plainDecrypt(forWriter as string, writer, writer)).toBe(`secret ${i}`);
    }
  });

  it('a share to X25519 members (wrap) and their bulk decryption (decrypt: X25519 unwrap)', async () => {
    const out = await pool.encryptSharedForMany('shared', [carol.armoredPublicKey, dave.armoredPublicKey, carol.armoredPublicKey], writer.key);
    expect(await plainDecrypt(out[0] as string, carol, writer)).toBe('shared');
    expect(await plainDecrypt(out[1] as string, dave, writer)).toBe('shared');
    const decrypted = await pool.decryptMany([out[0] as string, out[2] as string], carol.key, { verificationKeys: ring });
    expect(decrypted.map((d) => [d.text, d.signature])).toEqual([['shared', 'valid'], ['shared', 'valid']]);
    // dave's message is not carol's: the bulk call fails for it.
    await expect(pool.decryptMany([out[1] as string], carol.key, { verificationKeys: ring })).rejects.toMatchObject({ reasonName: 'DecryptionError' });
  });
});
