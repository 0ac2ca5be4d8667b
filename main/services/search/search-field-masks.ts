// Per field of a resource, two 32-bit masks of its characters: those present anywhere in the field, and those that
// begin a word inside it (after a space or punctuation; the field's first character is prefix matching's business).
// Ranking reads them to bound how well a word can match each field without scanning text: a word whose characters
// are not all in a field cannot occur there, and one whose first character begins no word there cannot be a word
// prefix there. For a one-letter word the bound is the score. Letters have a bit each, so for them the masks are
// exact; digits share five bits and every other character one, so for those they only bound.

const DIGIT_BITS = 5;
const OTHER_BIT = 31;

function maskBit(code: number): number {
  if (code >= 97 && code <= 122) return code - 97;
  if (code >= 48 && code <= 57) return 26 + ((code - 48) % DIGIT_BITS);
  return OTHER_BIT;
}

/** The mask bit of one character. */
export function charMask(code: number): number {
  return 1 << maskBit(code);
}

/** The bits of every character of a word: a field can hold the word only if it has all of them. */
export function termMask(term: string): number {
  let mask = 0;
  for (let i = 0; i < term.length; i++) mask |= charMask(term.charCodeAt(i));
  return mask;
}

/** True when the word is one character whose bit is its own (a lowercase letter): the masks then decide exactly. */
export function masksAreExactFor(term: string): boolean {
  const code = term.charCodeAt(0);
  return term.length === 1 && code >= 97 && code <= 122;
}

/** True when `code` is an ASCII letter or digit (lowercase or uppercase). */
function isAsciiAlphanumeric(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** True when the character before `at` does not continue a word (start, space, punctuation). */
export function startsWord(text: string, at: number): boolean {
  if (at === 0) return true;
  const code = text.charCodeAt(at - 1);
  if (code < 128) return !isAsciiAlphanumeric(code);
  return !LETTER_OR_DIGIT.test(text[at - 1] as string);
}

/**
 * Fills the masks of the four fields of one row: field f spans [bounds[from + f], bounds[from + f + 1] - 1) of
 * `haystack`; its masks go to chars[at + f] and wordStarts[at + f].
 */
export function fillFieldMasks(haystack: string, bounds: Int32Array, from: number, chars: Int32Array, wordStarts: Int32Array, at: number): void {
  for (let f = 0; f < 4; f++) {
    const start = bounds[from + f] as number;
    const end = (bounds[from + f + 1] as number) - 1;
    let present = 0;
    let starting = 0;
    let previousContinues = true; // the field's first character is not a word start for these masks
    for (let i = start; i < end; i++) {
      const code = haystack.charCodeAt(i);
      const bit = charMask(code);
      present |= bit;
      if (!previousContinues) starting |= bit;
      previousContinues = code < 128 ? isAsciiAlphanumeric(code) : LETTER_OR_DIGIT.test(haystack[i] as string);
    }
    chars[at + f] = present;
    wordStarts[at + f] = starting;
  }
}
