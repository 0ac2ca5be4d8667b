// Per-resource bit filters over its normalised text, so that most resources a query word cannot match are rejected
// with a few integer ANDs instead of a string scan, and the commonest short words need no string scan at all:
// - the exact set of pairs of lowercase letters present (676 bits): a two-letter word is found by one AND;
// - a 128-bit Bloom filter of the other character pairs (digits, punctuation, other scripts);
// - a 512-bit Bloom filter of the character triples, which keeps most non-matching resources away from the string
//   scan for words of three or more characters (that scan stops at every occurrence of the word's first character,
//   about 100 ns a resource);
// - a 64-bit mask of the characters present, exact for lowercase letters, digits and common punctuation, so a
//   one-character word made of those is found by one AND (nearly every resource holds an "e", and the quick-search
//   window's first keystroke is such a word).
// A longer word can only occur where all its pairs and characters are present; a string scan confirms it.
// One Int32Array holds them all, 44 words per row (17.6 MB for 100,000 resources).

const LETTER_PAIR_WORDS = 22; // 26 x 26 bits
const OTHER_PAIR_WORDS = 4;
const TRIPLE_WORDS = 16;
const OTHER_PAIRS = LETTER_PAIR_WORDS;
const TRIPLES = OTHER_PAIRS + OTHER_PAIR_WORDS;
const MASK = TRIPLES + TRIPLE_WORDS;
const STRIDE = MASK + 2;

const EXACT_PUNCTUATION = ' .-@/:_#()\'&+,!?=*$%';
const OTHER_ASCII_BIT = 56;
const NON_ASCII_BITS = 7; // bits 57..63, shared by character code modulo 7

/** Mask bit of each ASCII character (uppercase never occurs in normalised text: it shares the "other" bit). */
const ASCII_BIT = Uint8Array.from({ length: 128 }, (_, code) => {
  if (code >= 97 && code <= 122) return code - 97;
  if (code >= 48 && code <= 57) return 26 + code - 48;
  const punctuation = EXACT_PUNCTUATION.indexOf(String.fromCharCode(code));
  return punctuation >= 0 ? 36 + punctuation : OTHER_ASCII_BIT;
});

function charBit(code: number): number {
  return code < 128 ? (ASCII_BIT[code] as number) : OTHER_ASCII_BIT + 1 + (code % NON_ASCII_BITS);
}

/** The mask words of each ASCII character, so that building needs no branch per character. */
const ASCII_LOW = Int32Array.from(ASCII_BIT, (bit) => (bit < 32 ? 1 << bit : 0));
const ASCII_HIGH = Int32Array.from(ASCII_BIT, (bit) => (bit < 32 ? 0 : 1 << (bit - 32)));

/** True when a character's mask bit is set for it alone, so the bit proves the character is present. */
function hasExactBit(code: number): boolean {
  return code < 128 && ASCII_BIT[code] !== OTHER_ASCII_BIT;
}

/** The bit of a character pair: its own among the letter pairs, else a hashed one among the other pairs' bits. */
function pairBit(a: number, b: number): number {
  const x = a - 97;
  const y = b - 97;
  if (x >= 0 && x < 26 && y >= 0 && y < 26) return x * 26 + y;
  // Integer maths only (a product over 2^31 would be a double).
  return OTHER_PAIRS * 32 + (Math.imul((a << 16) ^ b, 0x9e3779b1) >>> 25);
}

function tripleBit(a: number, b: number, c: number): number {
  return TRIPLES * 32 + (Math.imul((a << 16) ^ b ^ Math.imul(c, 0x45d9f3b), 0x9e3779b1) >>> 23);
}

function isLetter(code: number): boolean {
  return code >= 97 && code <= 122;
}

/** The words of a row a query must find set, as (offset in the row, bits) pairs. */
export interface FilterPlan {
  offsets: Int32Array;
  bits: Int32Array;
}

export class TextFilter {
  #words = new Int32Array(0);

  /** Makes room for rows 0..rows-1, keeping what is set. */
  reserve(rows: number): void {
    const capacity = this.#words.length / STRIDE;
    if (rows <= capacity) return;
    const grown = new Int32Array(Math.max(rows, capacity * 2, 1024) * STRIDE);
    grown.set(this.#words);
    this.#words = grown;
  }

  /** Sets row `row` to describe `text` (the row's words are overwritten). */
  set(row: number, text: string): void {
    const words = this.#words;
    const base = row * STRIDE;
    words.fill(0, base, base + MASK);
    let low = 0;
    let high = 0;
    let previous = text.charCodeAt(0);
    let beforePrevious = -1;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 128) {
        low |= ASCII_LOW[code] as number;
        high |= ASCII_HIGH[code] as number;
      } else {
        high |= 1 << (charBit(code) - 32);
      }
      if (i === 0) continue;
      const pair = pairBit(previous, code);
      words[base + (pair >>> 5)]! |= 1 << (pair & 31);
      if (i > 1) {
        const triple = tripleBit(beforePrevious, previous, code);
        words[base + (triple >>> 5)]! |= 1 << (triple & 31);
      }
      beforePrevious = previous;
      previous = code;
    }
    words[base + MASK] = low;
    words[base + MASK + 1] = high;
  }

  clear(row: number): void {
    this.#words.fill(0, row * STRIDE, (row + 1) * STRIDE);
  }

  reset(): void {
    this.#words = new Int32Array(0);
  }

  /** True when the filter alone proves a row holding the term's bits contains the term: no string scan needed. */
  static proves(term: string): boolean {
    if (term.length === 1) return hasExactBit(term.charCodeAt(0));
    return term.length === 2 && isLetter(term.charCodeAt(0)) && isLetter(term.charCodeAt(1));
  }

  /** What a row must contain for every term to possibly occur in it (pairs and triples never span two terms). */
  static plan(terms: readonly string[]): FilterPlan {
    const required = new Int32Array(STRIDE);
    for (const term of terms) {
      for (let i = 0; i < term.length; i++) {
        const code = term.charCodeAt(i);
        const bit = charBit(code); // set wherever the character occurs (proof of presence only if exact)
        required[MASK + (bit >>> 5)]! |= 1 << (bit & 31);
        if (i === 0) continue;
        const pair = pairBit(term.charCodeAt(i - 1), code);
        required[pair >>> 5]! |= 1 << (pair & 31);
        if (i === 1) continue;
        const triple = tripleBit(term.charCodeAt(i - 2), term.charCodeAt(i - 1), code);
        required[triple >>> 5]! |= 1 << (triple & 31);
      }
    }
    const offsets = [...required.keys()].filter((w) => required[w] !== 0);
    return { offsets: Int32Array.from(offsets), bits: Int32Array.from(offsets, (w) => required[w] as number) };
  }

  mayContain(row: number, plan: FilterPlan): boolean {
    const base = row * STRIDE;
    const { offsets, bits } = plan;
    for (let i = 0; i < offsets.length; i++) {
      const need = bits[i] as number;
      if (((this.#words[base + (offsets[i] as number)] as number) & need) !== need) return false;
    }
    return true;
  }
}
