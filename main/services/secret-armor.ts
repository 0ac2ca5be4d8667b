// What the desktop accepts as a stored secret before decrypting it: one ASCII-armored OpenPGP message and nothing
// around it, of a sane size. openpgp.js reads the first armored block of a text and ignores the rest, so without this
// a server could staple extra text or a second message to a valid secret and the app would never notice.

const BEGIN = '-----BEGIN PGP MESSAGE-----';
const END = '-----END PGP MESSAGE-----';
/** Any armor boundary line (a key, a signature, another message). */
const BOUNDARY = /^-----(BEGIN|END) PGP [A-Z0-9 ,/]+-----$/;
/** The server refuses larger secrets (a v5 secret of 50,000 characters armors to well under this). */
export const MAX_SECRET_ARMOR_LENGTH = 128 * 1024;

/** Why `text` is not exactly one armored message, or undefined when it is. */
export function armorFault(text: string): string | undefined {
  if (text.length > MAX_SECRET_ARMOR_LENGTH) return 'it is far larger than any secret';
  const lines = text.trim().split('\n').map((l) => l.replace(/[ \t\r]+$/, ''));
  if (lines[0] !== BEGIN) return lines.includes(BEGIN) ? 'there is text before the message' : 'it is not an OpenPGP message';
  const end = lines.indexOf(END);
  if (lines.slice(1).filter((l) => BOUNDARY.test(l)).length > 1) return 'it holds more than one message';
  if (end === -1) return 'the message is cut short';
  if (end !== lines.length - 1) return 'there is text after the message';
  return undefined;
}
