// The character classes ("masks") Passbolt's generator and entropy estimate use, keyed by the password policy's
// mask names. Pure data, shared by the entropy estimate and the password generator.

export type CharacterClassName =
  | 'upper' | 'lower' | 'digit' | 'parenthesis' | 'char1' | 'char2' | 'char3' | 'char4' | 'char5' | 'emoji';

function range(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i));
}

/** Each class's characters, in a fixed order. Emoji: the Unicode "Emoticons" block U+1F600..U+1F64F (80). */
export const CHARACTER_CLASSES: Readonly<Record<CharacterClassName, readonly string[]>> = {
  upper: range(0x41, 0x5a),
  lower: range(0x61, 0x7a),
  digit: range(0x30, 0x39),
  parenthesis: ['{', '(', '[', '|', ']', ')', '}'],
  char1: ['#', '$', '%', '&', '@', '^', '~'],
  char2: ['.', ',', ':', ';'],
  char3: ["'", '"', '`'],
  char4: ['/', '\\', '_', '-'],
  char5: ['<', '*', '+', '!', '?', '='],
  emoji: range(0x1f600, 0x1f64f),
};

export const CHARACTER_CLASS_NAMES = Object.keys(CHARACTER_CLASSES) as CharacterClassName[];

/** Characters easily confused with one another, dropped when `exclude_look_alike_chars` is on. */
export const LOOK_ALIKE_CHARACTERS: readonly string[] = ['O', 'l', '|', 'I', '0', '1'];

const classOf = new Map<string, CharacterClassName>();
for (const name of CHARACTER_CLASS_NAMES) for (const ch of CHARACTER_CLASSES[name]) classOf.set(ch, name);

/** The class a single character (grapheme) belongs to, if any. */
export function characterClassOf(character: string): CharacterClassName | undefined {
  return classOf.get(character);
}
