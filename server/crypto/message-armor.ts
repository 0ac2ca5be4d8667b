// Decodes a secret's text as exactly one ASCII-armored OpenPGP message (RFC 9580 §6.2, RFC 4880 §6.2), strictly:
// optional whitespace around it and nothing else, the BEGIN line, armor headers with the keys the RFCs define,
// a blank line, base64 lines, an optional CRC24 line that must match, the END line. openpgp.js reads only the
// first armored block of a text and skips whatever follows it, so a lenient decoder would store cleartext put
// after the END line (or a second message) beside a valid secret. Node decodes the base64 in one native call;
// the checks around it are line scans, so a 1,000-secret share spends well under a millisecond here.

const BEGIN = '-----BEGIN PGP MESSAGE-----';
const END = '-----END PGP MESSAGE-----';
/** Any armor boundary line (a key, a signature, a second message), to say why the text is refused. */
const BOUNDARY = /^-----(BEGIN|END) PGP [A-Z0-9 ,/]+-----$/;
/**
 * Armor header keys for a message: Version, Comment and Charset (RFC 9580 §6.2.2) and MessageID (RFC 4880).
 * `Hash` belongs to cleartext signatures only; unknown keys are refused rather than ignored.
 */
const HEADER = /^(Version|Comment|Charset|MessageID): [\x20-\x7e]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const CHECKSUM_LINE = /^=[A-Za-z0-9+/]{4}$/;

export type ArmorFault =
  | 'notArmored' | 'textBefore' | 'textAfter' | 'severalMessages' | 'unterminated' | 'badHeader' | 'badBase64' | 'badChecksum';

export type ArmorDecoding = { ok: true; bytes: Uint8Array } | { ok: false; fault: ArmorFault };

const refuse = (fault: ArmorFault): ArmorDecoding => ({ ok: false, fault });
const isBoundary = (line: string) => line.startsWith('-----') && BOUNDARY.test(line);

/** The binary message inside `text`, or why `text` is not exactly one well-formed armored message. */
export function decodeMessageArmor(text: string): ArmorDecoding {
  // Line ends may be LF or CRLF; whitespace after a line is allowed (RFC 4880 §6.2), inside it is not. Blank lines
  // may come before the BEGIN line, but the line itself must start with it: openpgp.js does not see an indented one,
  // so a secret stored that way could not be read by the clients.
  const lines = text.replace(/^[ \t\r\n]*\n/, '').trimEnd().split('\n').map((l) => l.replace(/[ \t\r]+$/, ''));
  const begin = lines.indexOf(BEGIN);
  if (begin === -1) return refuse(lines.some((l) => l.trimStart() === BEGIN) ? 'textBefore' : 'notArmored');
  if (begin > 0) return refuse('textBefore');
  const end = lines.indexOf(END);
  if (end === -1) return refuse(lines.some((l, i) => i > 0 && isBoundary(l)) ? 'severalMessages' : 'unterminated');
  if (lines.slice(1, end).some(isBoundary)) return refuse('severalMessages');
  if (end !== lines.length - 1) return refuse(lines.slice(end + 1).some(isBoundary) ? 'severalMessages' : 'textAfter');

  let i = 1;
  while (i < end && lines[i] !== '') {
    if (!HEADER.test(lines[i]!)) return refuse('badHeader');
    i++;
  }
  // The blank line ending the headers is required even when there are none.
  if (i === end) return refuse('badHeader');
  const data = lines.slice(i + 1, end);
  const checksum = data.length > 1 && CHECKSUM_LINE.test(data.at(-1)!) ? data.pop()! : null;
  // Every line must hold data; the joined text is then checked character by character once.
  if (data.length === 0 || data.some((l) => l.length === 0)) return refuse('badBase64');
  const body = data.join('');
  if (body.length % 4 !== 0 || !BASE64.test(body)) return refuse('badBase64');
  const bytes = Buffer.from(body, 'base64');
  // Re-encoding catches non-zero bits in the padding, which decoders silently drop.
  if (bytes.toString('base64') !== body) return refuse('badBase64');
  if (checksum !== null && crc24(bytes) !== Buffer.from(checksum.slice(1), 'base64').readUIntBE(0, 3)) return refuse('badChecksum');
  return { ok: true, bytes };
}

const CRC24_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n << 16;
    for (let k = 0; k < 8; k++) c = (c << 1) ^ ((c & 0x800000) !== 0 ? 0x1864cfb : 0);
    table[n] = c & 0xffffff;
  }
  return table;
})();

/** The armor checksum (RFC 9580 §6.1). */
export function crc24(bytes: Uint8Array): number {
  let crc = 0xb704ce;
  for (const b of bytes) crc = ((crc << 8) ^ CRC24_TABLE[((crc >> 16) ^ b) & 0xff]!) & 0xffffff;
  return crc;
}
