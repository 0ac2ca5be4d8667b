// Decodes the armor of an OpenPGP message when it has the canonical shape clients write (RFC 9580 §6.2): the
// BEGIN line, no armor headers, a blank line, base64 lines, an optional CRC24 line, the END line. Node decodes
// that base64 in one native call, where openpgp.js's streaming unarmor costs about 30 µs a message (a
// 1,000-secret share spent ~30 ms there). Anything else returns null and is left to openpgp.js, so unusual
// but valid armor (headers, odd spacing) is judged exactly as before.

const BEGIN = '-----BEGIN PGP MESSAGE-----';
const END = '-----END PGP MESSAGE-----';
const DATA_LINE = /^[A-Za-z0-9+/]+$/;
const LAST_DATA_LINE = /^[A-Za-z0-9+/]*[A-Za-z0-9+/=]={0,1}$/;
const CHECKSUM_LINE = /^=[A-Za-z0-9+/]{4}$/;

/** The message's bytes when `armored` is canonical, else null (the caller falls back to a full parser). */
export function decodeCanonicalMessageArmor(armored: string): Uint8Array | null {
  const lines = armored.trimStart().split('\n');
  if (lines.at(-1) === '' || lines.at(-1) === '\r') lines.pop();
  for (let i = 0; i < lines.length; i++) if (lines[i]!.endsWith('\r')) lines[i] = lines[i]!.slice(0, -1);
  if (lines.length < 4 || lines[0] !== BEGIN || lines[1] !== '' || lines.at(-1) !== END) return null;
  let last = lines.length - 2;
  if (CHECKSUM_LINE.test(lines[last]!)) last--;
  if (last < 2) return null;
  for (let i = 2; i < last; i++) if (!DATA_LINE.test(lines[i]!)) return null;
  if (!LAST_DATA_LINE.test(lines[last]!)) return null;
  const body = lines.slice(2, last + 1).join('');
  if (body.length % 4 !== 0 || body.slice(0, -2).includes('=')) return null;
  return Buffer.from(body, 'base64');
}
