import { deflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as openpgp from 'openpgp';
import { checkSecretData, MAX_SECRET_DATA_LENGTH, RecipientKeyCache, type SecretDataVerdict } from './secret-message';
import { readPacketFrames } from './openpgp-packets';
import { decodeMessageArmor } from './message-armor';

interface Pair { pub: openpgp.PublicKey; priv: openpgp.PrivateKey; armoredPub: string }

async function pair(type: 'curve25519' | 'rsa' = 'curve25519', v6Keys = false): Promise<Pair> {
  const k = await openpgp.generateKey({
    type, rsaBits: type === 'rsa' ? 2048 : undefined, userIDs: [{ email: 'a@example.com' }], format: 'object',
    config: v6Keys ? { v6Keys: true, aeadProtect: true } : undefined,
  });
  return { pub: k.publicKey, priv: k.privateKey, armoredPub: k.publicKey.armor() };
}

const encrypt = async (to: Pair[], signer?: Pair, config?: openpgp.PartialConfig) => openpgp.encrypt({
  message: await openpgp.createMessage({ text: '{"password":"hunter2","description":null}' }),
  encryptionKeys: to.map((p) => p.pub), signingKeys: signer?.priv, config,
}) as Promise<string>;

/** The binary packets of an armored message. */
function binary(armored: string): Uint8Array {
  const r = decodeMessageArmor(armored);
  if (!r.ok) throw new Error(r.fault);
  return r.bytes;
}

/** A new-format packet with a one-, two- or five-octet length. */
function packet(tag: number, body: Uint8Array): Uint8Array {
  const n = body.length;
  const length = n < 192 ? [n] : n < 8384 ? [((n - 192) >> 8) + 192, (n - 192) & 0xff] : [255, n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Buffer.from([0xc0 | tag, ...length]), body]);
}

/** The same packet with its body split into partial lengths: `chunk` octets (a power of two), then the rest. */
function partialPacket(tag: number, body: Uint8Array, chunk: number): Uint8Array {
  const parts: Uint8Array[] = [Buffer.from([0xc0 | tag])];
  let at = 0;
  while (body.length - at > chunk) {
    parts.push(Buffer.from([224 + Math.log2(chunk)]), body.subarray(at, at + chunk));
    at += chunk;
  }
  const last = packet(tag, body.subarray(at));
  parts.push(last.subarray(1));
  return Buffer.concat(parts);
}

/** An old-format packet (two-octet length); its tag must be under 16. */
function oldPacket(tag: number, body: Uint8Array): Uint8Array {
  return Buffer.concat([Buffer.from([0x80 | (tag << 2) | 1, body.length >> 8, body.length & 0xff]), body]);
}

const armor = (...packets: Uint8Array[]) => openpgp.armor(openpgp.enums.armor.message, Buffer.concat(packets));

/** The bodies of a message's two packets. */
function bodies(armored: string): { pkesk: Uint8Array; seipd: Uint8Array } {
  const frames = readPacketFrames(binary(armored))!;
  expect(frames.map((f) => f.tag)).toEqual([1, 18]);
  return { pkesk: frames[0]!.head, seipd: frames[1]!.head };
}

const rule = (v: SecretDataVerdict) => (v.ok ? 'ok' : v.rule);

describe('secret message validation', () => {
  let alice: Pair; let bob: Pair; let rsa: Pair; let modern: Pair;
  const cache = new RecipientKeyCache();
  let aliceIds: Set<string>;
  let good: string;

  beforeAll(async () => {
    [alice, bob, rsa, modern] = await Promise.all([pair(), pair(), pair('rsa'), pair('curve25519', true)]);
    aliceIds = await cache.encryptionKeyIds(alice.armoredPub);
    good = await encrypt([alice], bob);
  });

  it("finds the encryption subkey, not the signing primary key", async () => {
    expect(aliceIds.size).toBe(1);
    expect(aliceIds.has(alice.pub.getKeyID().toHex())).toBe(false);
    expect(aliceIds.has(alice.pub.subkeys[0]!.getKeyID().toHex())).toBe(true);
    expect(await cache.encryptionKeyIds(alice.armoredPub)).toBe(aliceIds);
    expect((await cache.encryptionKeyIds('not a key')).size).toBe(0);
  });

  it('accepts a signed message encrypted to the user only (curve25519, RSA, a v6 key with SEIPD v2)', async () => {
    expect(checkSecretData(good, aliceIds)).toEqual({ ok: true });
    const rsaIds = await cache.encryptionKeyIds(rsa.armoredPub);
    expect(checkSecretData(await encrypt([rsa], alice), rsaIds)).toEqual({ ok: true });
    const modernIds = await cache.encryptionKeyIds(modern.armoredPub);
    const v2 = await encrypt([modern], modern, { aeadProtect: true });
    expect(binary(v2)[0]! & 0x3f).toBe(1);
    expect(bodies(v2).pkesk[0]).toBe(6);
    expect(bodies(v2).seipd[0]).toBe(2);
    expect(checkSecretData(v2, modernIds)).toEqual({ ok: true });
    // A v3 session key to the v6 key, as openpgp.js writes without AEAD, names the key by its id.
    expect(checkSecretData(await encrypt([modern], modern), modernIds)).toEqual({ ok: true });
    expect(rule(checkSecretData(v2, aliceIds))).toBe('isEncryptedForUser');
  });

  it('accepts the same packets however their headers are written: old format, partial body lengths', () => {
    const { pkesk, seipd } = bodies(good);
    // A body of several kilobytes, so partial lengths have chunks to split (the first at least 512 octets).
    const long = Buffer.concat([seipd, Buffer.alloc(3000, 7)]);
    for (const text of [armor(oldPacket(1, pkesk), packet(18, long)), armor(packet(1, pkesk), partialPacket(18, long, 512)),
      armor(packet(1, pkesk), partialPacket(18, long, 1024))]) {
      expect(checkSecretData(text, aliceIds)).toEqual({ ok: true });
    }
    // Partial lengths on a session key packet, or a first chunk under 512 octets, do not frame a message.
    expect(rule(checkSecretData(armor(partialPacket(1, Buffer.concat([pkesk, Buffer.alloc(600)]), 512), packet(18, seipd)), aliceIds)))
      .toBe('isValidOpenPGPMessage');
    expect(rule(checkSecretData(armor(packet(1, pkesk), partialPacket(18, long, 256)), aliceIds))).toBe('isValidOpenPGPMessage');
  });

  it('refuses a message to another key, to several keys, or to nobody in particular', async () => {
    expect(rule(checkSecretData(await encrypt([bob]), aliceIds))).toBe('isEncryptedForUser');
    expect(rule(checkSecretData(await encrypt([alice, bob]), aliceIds))).toBe('hasOneRecipient');
    const { pkesk, seipd } = bodies(good);
    expect(rule(checkSecretData(armor(packet(1, pkesk), packet(1, pkesk), packet(18, seipd)), aliceIds))).toBe('hasOneRecipient');
    const wildcard = Buffer.from(pkesk);
    wildcard.fill(0, 1, 9);
    expect(rule(checkSecretData(armor(packet(1, wildcard), packet(18, seipd)), aliceIds))).toBe('isEncryptedForUser');
  });

  it('refuses text around the message and a second message, which openpgp.js alone would skip', async () => {
    const hostile = [
      `${good}\nThe password is hunter2\n`, `${good}${await encrypt([alice])}`, `${good}\n${good}`, `note: hunter2\n${good}`,
      `${good}-----BEGIN PGP SIGNATURE-----\n\nAAAA\n-----END PGP SIGNATURE-----\n`,
    ];
    for (const data of hostile) {
      expect((await openpgp.readMessage({ armoredMessage: data.replace(/^note: hunter2\n/, '') })).packets).toHaveLength(2);
      expect(checkSecretData(data, aliceIds), data.slice(-40)).toMatchObject({ ok: false, rule: 'isValidOpenPGPMessage' });
    }
    // Blank lines around it are fine; an indented BEGIN line is not, because openpgp.js would not find the message.
    const spaced = `\n  \n${good}  \n\n`;
    expect((await openpgp.readMessage({ armoredMessage: spaced })).packets).toHaveLength(2);
    expect(checkSecretData(spaced, aliceIds)).toEqual({ ok: true });
    await expect(openpgp.readMessage({ armoredMessage: `  ${good}` })).rejects.toThrow();
    expect(checkSecretData(`  ${good}`, aliceIds)).toMatchObject({ ok: false, rule: 'isValidOpenPGPMessage' });
    expect(checkSecretData(good.replace(/\n/g, '\r\n'), aliceIds)).toEqual({ ok: true });
  });

  it('refuses cleartext in every disguise', async () => {
    const literal = await openpgp.createMessage({ text: 'hunter2' });
    const signedOnly = await openpgp.sign({ message: literal, signingKeys: alice.priv });
    const clearSigned = await openpgp.sign({ message: await openpgp.createCleartextMessage({ text: 'hunter2' }), signingKeys: alice.priv });
    const symmetric = await openpgp.encrypt({ message: literal, passwords: ['pw'] });
    const literalBytes = literal.write() as Uint8Array;
    const compressedOnly = armor(packet(8, Buffer.concat([Buffer.from([1]), deflateRawSync(literalBytes)])));
    const { pkesk, seipd } = bodies(good);
    const cases: unknown[] = [
      'hunter2', '{"password":"hunter2"}', literal.armor(), signedOnly, clearSigned, symmetric, compressedOnly,
      armor(packet(1, pkesk), packet(18, seipd), literalBytes), armor(literalBytes, packet(1, pkesk), packet(18, seipd)),
      '-----BEGIN PGP MESSAGE-----\n\ngarbage\n-----END PGP MESSAGE-----', '🔥', 42, { data: 'x' }, ['a'], alice.armoredPub,
    ];
    for (const data of cases) {
      expect(checkSecretData(data, aliceIds), String(data).slice(0, 40)).toMatchObject({ ok: false, rule: 'isValidOpenPGPMessage' });
    }
  });

  it('refuses legacy and non-Passbolt encrypted data packets, extra packets and mismatched versions', () => {
    const { pkesk, seipd } = bodies(good);
    const body = seipd.subarray(1);
    const cases: [string, Uint8Array[]][] = [
      ['SED (no integrity protection)', [packet(1, pkesk), packet(9, body)]],
      ['AEAD/OCB packet (tag 20)', [packet(1, pkesk), packet(20, Buffer.concat([Buffer.from([1, 9, 2, 16]), body]))]],
      ['password session key beside the key', [packet(3, Buffer.from([4, 9, 3, 8, 1, 2, 3, 4, 5, 6, 7, 8, 96])), packet(1, pkesk), packet(18, seipd)]],
      ['two encrypted data packets', [packet(1, pkesk), packet(18, seipd), packet(18, seipd)]],
      ['encrypted data only', [packet(18, seipd)]],
      ['session key only', [packet(1, pkesk)]],
      ['data before the session key', [packet(18, seipd), packet(1, pkesk)]],
      ['a marker packet', [packet(10, Buffer.from('PGP')), packet(1, pkesk), packet(18, seipd)]],
      ['a padding packet after', [packet(1, pkesk), packet(18, seipd), packet(21, Buffer.alloc(16))]],
      ['SEIPD v2 after a v3 session key', [packet(1, pkesk), packet(18, Buffer.concat([Buffer.from([2, 9, 2, 6]), Buffer.alloc(80)]))]],
      ['unknown SEIPD version', [packet(1, pkesk), packet(18, Buffer.concat([Buffer.from([3]), body]))]],
      ['unknown session key version', [packet(1, Buffer.concat([Buffer.from([5]), pkesk.subarray(1)])), packet(18, seipd)]],
      ['session key for a signing algorithm', [packet(1, Buffer.concat([pkesk.subarray(0, 9), Buffer.from([22]), pkesk.subarray(10)])), packet(18, seipd)]],
      ['truncated', [packet(1, pkesk), packet(18, seipd).subarray(0, 40)]],
      ['trailing octet', [packet(1, pkesk), packet(18, seipd), Buffer.from([0])]],
    ];
    for (const [label, packets] of cases) {
      expect(checkSecretData(armor(...packets), aliceIds), label).toMatchObject({ ok: false, rule: 'isValidOpenPGPMessage' });
    }
  });

  it('accepts only what openpgp.js reads as one session key to the user and one SEIPD packet', async () => {
    const legacy = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'l@example.com' }], format: 'object' });
    const legacyPair = { pub: legacy.publicKey, priv: legacy.privateKey, armoredPub: legacy.publicKey.armor() };
    // X25519, RSA, legacy ECDH with v3 session keys and SEIPD v1; a v6 key with a v6 session key and SEIPD v2.
    const originals = await Promise.all([[alice, good], [rsa, await encrypt([rsa])], [legacyPair, await encrypt([legacyPair])],
      [modern, await encrypt([modern], undefined, { aeadProtect: true })]].map(async ([who, text]) => ({
      ids: await cache.encryptionKeyIds((who as Pair).armoredPub), bytes: binary(text as string) })));
    let accepted = 0;
    await fc.assert(fc.asyncProperty(fc.nat(), fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }), cut: fc.boolean() }),
      { minLength: 1, maxLength: 3 }), async (pick, edits) => {
      const original = originals[pick % originals.length]!;
      let bytes: Uint8Array = Buffer.from(original.bytes);
      for (const e of edits) {
        const at = e.at % bytes.length;
        if (e.cut) bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
        else bytes[at] = e.value;
      }
      if (checkSecretData(armor(bytes), original.ids).ok) {
        accepted++;
        const read = await openpgp.readMessage({ binaryMessage: bytes });
        expect(read.packets.map((p) => (p.constructor as unknown as { tag: number }).tag)).toEqual([1, 18]);
        expect(original.ids.has((read.packets[0] as unknown as { publicKeyID: openpgp.KeyID }).publicKeyID.toHex())).toBe(true);
      }
    }), { numRuns: 2000 });
    // Most edits land in the ciphertext, which the server does not read: they must have been tried too.
    expect(accepted).toBeGreaterThan(400);
  });

  it('refuses a missing or oversized message', () => {
    for (const data of [undefined, null, '']) expect(checkSecretData(data, aliceIds)).toMatchObject({ rule: '_required' });
    const big = `-----BEGIN PGP MESSAGE-----\n${'A'.repeat(MAX_SECRET_DATA_LENGTH)}`;
    expect(checkSecretData(big, aliceIds)).toMatchObject({ rule: 'maxLength' });
  });

  it('refuses a truncated message (its packets no longer frame)', async () => {
    const lines = (await encrypt([alice])).split('\n');
    const body = lines.filter((l) => /^[A-Za-z0-9+/=]+$/.test(l) && l.length > 40);
    const truncated = ['-----BEGIN PGP MESSAGE-----', '', body[0], '-----END PGP MESSAGE-----'].join('\n');
    expect(checkSecretData(truncated, aliceIds)).toMatchObject({ ok: false, rule: 'isValidOpenPGPMessage' });
  });

  it('accepts messages to any valid encryption subkey of a key with several, none to a revoked one', async () => {
    const k = await openpgp.generateKey({ type: 'curve25519', userIDs: [{ email: 'multi@example.com' }], subkeys: [{}, {}], format: 'object' });
    const [first, second] = k.publicKey.subkeys.map((s) => s.getKeyID().toHex());
    const ids = await new RecipientKeyCache().encryptionKeyIds(k.publicKey.armor());
    expect([...ids].sort()).toEqual([first, second].sort());
    const toFirst = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'x' }), encryptionKeys: k.publicKey,
      encryptionKeyIDs: [k.publicKey.subkeys[0]!.getKeyID()] }) as string;
    expect(checkSecretData(toFirst, ids)).toEqual({ ok: true });
    // Revoke the second subkey: its id is no longer accepted.
    const priv = k.privateKey;
    priv.subkeys[1] = await priv.subkeys[1]!.revoke(priv.keyPacket as never);
    const revokedIds = await new RecipientKeyCache().encryptionKeyIds(priv.toPublic().armor());
    expect([...revokedIds]).toEqual([first]);
  });
});
