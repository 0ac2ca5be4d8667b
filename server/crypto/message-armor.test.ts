import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as openpgp from 'openpgp';
import { decodeMessageArmor, type ArmorFault } from './message-armor';

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
const decoded = (text: string) => {
  const r = decodeMessageArmor(text);
  return r.ok ? bytes(r.bytes) : null;
};
const faultOf = (text: string): ArmorFault | 'ok' => {
  const r = decodeMessageArmor(text);
  return r.ok ? 'ok' : r.fault;
};
const withoutChecksum = (s: string) => s.replace(/\n=[A-Za-z0-9+/]{4}\n/, '\n');

describe('strict message armor', () => {
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

  it('decodes what openpgp.js writes to the bytes openpgp.js reads: CRLF, no checksum, whitespace around, headers', async () => {
    expect(samples.some((s) => /=\n=/.test(s) || /==\n=/.test(s))).toBe(true);
    expect(samples.every((s) => /\n=[A-Za-z0-9+/]{4}\n/.test(s))).toBe(true);
    for (const s of samples) {
      const reference = bytes(await unarmoredByOpenpgp(s));
      expect(reference).not.toBeNull();
      const [begin, blank, ...rest] = s.split('\n');
      const variants = [
        s, s.replace(/\n/g, '\r\n'), withoutChecksum(s), `  \n\t\n${s}\n\n  `, `\r\n${s}`, s.trimEnd(), s.replace(/\n/g, ' \n'),
        // Headers as openpgp.js 4 and GopenPGP write them.
        [begin, 'Version: OpenPGP.js v4.10.10', 'Comment: https://openpgpjs.org', blank, ...rest].join('\n'),
        [begin, 'Version: GopenPGP 2.7.4', 'Comment: https://gopenpgp.org', 'Charset: UTF-8', blank, ...rest].join('\n'),
      ];
      for (const variant of variants) expect(decoded(variant), variant.slice(0, 80)).toBe(reference);
    }
  });

  it('refuses anything around the message, a second message, and other armor types', () => {
    const s = samples[0]!;
    const cases: [string, ArmorFault][] = [
      [`${s}\nthe password is hunter2\n`, 'textAfter'],
      [`${s}hunter2`, 'textAfter'],
      [`${s}\n\n-----BEGIN PGP SIGNATURE-----\n\nAAAA\n-----END PGP SIGNATURE-----\n`, 'severalMessages'],
      [`${s}${s}`, 'severalMessages'],
      [`hunter2\n${s}`, 'textBefore'],
      // openpgp.js does not find an indented BEGIN line: stored, the secret would be unreadable.
      [` ${s}`, 'textBefore'], [`\n\t${s}`, 'textBefore'],
      [`Subject: x\n\n${s}`, 'textBefore'],
      [s.replace('-----END PGP MESSAGE-----', ''), 'unterminated'],
      [s.replace('-----BEGIN PGP MESSAGE-----', '-----BEGIN PGP SIGNATURE-----').replace('-----END PGP MESSAGE-----', '-----END PGP SIGNATURE-----'), 'notArmored'],
      [s.replace('-----BEGIN PGP MESSAGE-----', '-----BEGIN PGP MESSAGE, PART 1/2-----'), 'notArmored'],
      [s.replace('-----BEGIN PGP MESSAGE-----', '-----BEGIN PGP MESSAGE-----  x'), 'notArmored'],
      ['hunter2', 'notArmored'],
      ['', 'notArmored'],
    ];
    for (const [text, fault] of cases) expect(faultOf(text), text.slice(-60)).toBe(fault);
  });

  it('refuses headers the RFCs do not define for a message, and a missing blank line', () => {
    const [begin, blank, ...rest] = samples[0]!.split('\n');
    const withHeaders = (...headers: string[]) => [begin, ...headers, blank, ...rest].join('\n');
    for (const header of ['Hash: SHA256', 'X-Secret: hunter2', 'Comment:', 'Comment:hunter2', 'comment: lower case', ' Comment: indented']) {
      expect(faultOf(withHeaders(header)), header).toBe('badHeader');
    }
    expect(faultOf([begin, ...rest].join('\n'))).toBe('badHeader');
  });

  it('refuses invalid base64 and a checksum that does not match', () => {
    const s = samples[0]!;
    const firstData = /^[A-Za-z0-9+/]{20,}$/m;
    const badBase64 = [
      s.replace(firstData, (l) => `${l.slice(0, 8)} ${l.slice(8)}`),
      s.replace(firstData, (l) => `${l.slice(0, 8)}=${l.slice(9)}`),
      s.replace(firstData, (l) => `${l.slice(0, 8)}*${l.slice(9)}`),
      s.replace(firstData, (l) => `${l}\n`),
      s.replace(firstData, (l) => l.slice(1)),
      s.replace(firstData, (l) => `${l}\n\u00e9`),
    ];
    for (const text of badBase64) expect(faultOf(text), text.slice(0, 200)).toBe('badBase64');
    // Non-zero bits in the padding: 'pw' armors to a body ending in one '=' or two.
    const padded = samples.map(withoutChecksum).find((t) => /[A-Za-z0-9+/]==?\n-----END/.test(t))!;
    const loose = padded.replace(/([A-Za-z0-9+/])(==?\n-----END)/, (_, c: string, tail: string) => {
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
      return alphabet[alphabet.indexOf(c) ^ 1]! + tail;
    });
    expect(faultOf(loose)).toBe('badBase64');
    expect(faultOf(s.replace(/\n=([A-Za-z0-9+/]{4})\n/, (_, c: string) => `\n=${c === 'AAAA' ? 'AAAB' : 'AAAA'}\n`))).toBe('badChecksum');
    const flipped = s.replace(firstData, (l) => `${l.slice(0, 10)}${l[10] === 'A' ? 'B' : 'A'}${l.slice(11)}`);
    expect(faultOf(flipped)).toBe('badChecksum');
    expect(faultOf(withoutChecksum(flipped))).toBe('ok');
  });

  it('never decodes a mutated armor to bytes that openpgp.js would not read the same way', async () => {
    // Edits drawn from the characters armor is made of, at any position of a real message: insertions and
    // removals, and one-for-one substitutions (which keep the base64 length, so more of them stay decodable).
    const armorChar = fc.constantFrom('=', '\n', '\r', ' ', '-', ':', 'A', '/', '+', 'z');
    const edit = fc.oneof(
      fc.record({ at: fc.nat(), remove: fc.nat({ max: 3 }), insert: fc.string({ unit: armorChar, maxLength: 3 }) }),
      fc.record({ at: fc.nat(), remove: fc.constant(1), insert: armorChar }),
    );
    // Without the checksum most substitutions still decode, so the comparison runs on many decodable texts.
    const pool = [...samples, ...samples.map(withoutChecksum)];
    let accepted = 0;
    await fc.assert(fc.asyncProperty(fc.nat(), fc.array(edit, { minLength: 1, maxLength: 3 }), async (pick, edits) => {
      let text = pool[pick % pool.length]!;
      for (const e of edits) {
        const at = e.at % (text.length + 1);
        text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
      }
      const ours = decodeMessageArmor(text);
      if (ours.ok) {
        accepted++;
        expect(bytes(ours.bytes)).toBe(bytes(await unarmoredByOpenpgp(text)));
      }
    }), { numRuns: 3000 });
    expect(accepted).toBeGreaterThan(150);
  });
});
