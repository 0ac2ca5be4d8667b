import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as openpgp from 'openpgp';
import { decodeCanonicalMessageArmor } from './message-armor';

/** What openpgp.js makes of the armor: the bytes of a message, or null when it refuses or it is not a message. */
async function unarmoredByOpenpgp(text: string): Promise<Uint8Array | null> {
  try {
    const { type, data } = await openpgp.unarmor(text);
    if (type !== openpgp.enums.armor.message) return null;
    return data as Uint8Array; // a string in gives the bytes whole, not a stream
  } catch {
    return null;
  }
}

const bytes = (u: Uint8Array | null) => (u ? Buffer.from(u).toString('hex') : null);

describe('canonical message armor', () => {
  const samples: string[] = [];

  beforeAll(async () => {
    const [ecc, rsa] = await Promise.all([
      openpgp.generateKey({ type: 'curve25519', userIDs: [{ email: 'a@example.com' }], format: 'object' }),
      openpgp.generateKey({ type: 'rsa', rsaBits: 2048, userIDs: [{ email: 'b@example.com' }], format: 'object' }),
    ]);
    // Lengths chosen so the base64 ends with no padding, one '=' and two.
    for (const text of ['p', 'pw', 'pwd', '{"password":"hunter2","description":"' + 'x'.repeat(900) + '"}']) {
      const message = await openpgp.createMessage({ text });
      samples.push(await openpgp.encrypt({ message, encryptionKeys: ecc.publicKey }) as string);
      samples.push(await openpgp.encrypt({ message, encryptionKeys: [rsa.publicKey, ecc.publicKey], signingKeys: ecc.privateKey }) as string);
      samples.push(await openpgp.encrypt({ message, encryptionKeys: ecc.publicKey, config: { aeadProtect: true } }) as string);
    }
  });

  it('decodes what openpgp.js writes to the same bytes openpgp.js reads, with or without CRLF and checksum', async () => {
    expect(samples.some((s) => /=\n=/.test(s) || /==\n=/.test(s))).toBe(true);
    for (const s of samples) {
      const reference = bytes(await unarmoredByOpenpgp(s));
      expect(reference).not.toBeNull();
      const withoutChecksum = s.replace(/\n=[A-Za-z0-9+/]{4}\n/, '\n');
      for (const variant of [s, s.replace(/\n/g, '\r\n'), withoutChecksum, `  \n${s}`, s.trimEnd()]) {
        expect(bytes(decodeCanonicalMessageArmor(variant))).toBe(reference);
      }
    }
  });

  it('leaves armor with headers, a missing blank line, spaces or misplaced padding to openpgp.js', () => {
    const s = samples[0]!;
    const [begin, , ...rest] = s.split('\n');
    expect(decodeCanonicalMessageArmor([begin, 'Comment: hi', '', ...rest].join('\n'))).toBeNull();
    expect(decodeCanonicalMessageArmor([begin, ...rest].join('\n'))).toBeNull();
    expect(decodeCanonicalMessageArmor(s.replace('\n', '\n \n'))).toBeNull();
    expect(decodeCanonicalMessageArmor(s.replace(/^([A-Za-z0-9+/]{8})/m, '$1 '))).toBeNull();
    expect(decodeCanonicalMessageArmor(s.replace(/^([A-Za-z0-9+/]{8})/m, '$1='))).toBeNull();
    expect(decodeCanonicalMessageArmor(s.replace('-----BEGIN PGP MESSAGE-----', '-----BEGIN PGP SIGNATURE-----'))).toBeNull();
    expect(decodeCanonicalMessageArmor(s.replace('-----END PGP MESSAGE-----', ''))).toBeNull();
    expect(decodeCanonicalMessageArmor('')).toBeNull();
  });

  it('never decodes a mutated armor to bytes that openpgp.js would not read the same way', async () => {
    // Edits drawn from the characters armor is made of, at any position of a real message: insertions and
    // removals, and one-for-one substitutions (which keep the base64 length, so more of them stay decodable).
    const armorChar = fc.constantFrom('=', '\n', '\r', ' ', '-', ':', 'A', '/', '+', 'z');
    const edit = fc.oneof(
      fc.record({ at: fc.nat(), remove: fc.nat({ max: 3 }), insert: fc.string({ unit: armorChar, maxLength: 3 }) }),
      fc.record({ at: fc.nat(), remove: fc.constant(1), insert: armorChar }),
    );
    let decoded = 0;
    await fc.assert(fc.asyncProperty(fc.nat(), fc.array(edit, { minLength: 1, maxLength: 3 }), async (pick, edits) => {
      let text = samples[pick % samples.length]!;
      for (const e of edits) {
        const at = e.at % (text.length + 1);
        text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
      }
      const ours = decodeCanonicalMessageArmor(text);
      if (ours !== null) {
        decoded++;
        expect(bytes(ours)).toBe(bytes(await unarmoredByOpenpgp(text)));
      }
    }), { numRuns: 3000 });
    // The property must have been tried on decodable armor (about one edit in ten), not only on refused text.
    expect(decoded).toBeGreaterThan(150);
  });
});
