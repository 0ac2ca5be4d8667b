// Expected values are the published figures Passbolt's own suite checks for its estimate (omnicalculator-style
// length x log2(pool)), so a passphrase scores the same here as in Passbolt.
import { describe, expect, it } from 'vitest';
import { CHARACTER_CLASSES, LOOK_ALIKE_CHARACTERS } from './character-classes';
import { entropyBits, generatedPassphraseEntropy, graphemes, passphraseEntropy, strengthOf } from './entropy';

const round = (n: number): number => Math.round(n * 100) / 100;

describe('entropy', () => {
  it('computes length x log2(pool), 0 when either is 0', () => {
    expect(round(entropyBits(1, 1))).toBe(0);
    expect(round(entropyBits(5, 16))).toBe(20);
    expect(round(entropyBits(10, 26))).toBe(47);
    expect(round(entropyBits(20, 52))).toBe(114.01);
    expect(round(entropyBits(50, 198))).toBe(381.47);
    expect(entropyBits(0, 10)).toBe(0);
    expect(entropyBits(10, 0)).toBe(0);
  });

  it.each([
    ['aaaaaa', 28.2],
    ['AAAAAA', 28.2],
    ['111111', 19.93],
    ['((((((', 16.84],
    ['#$%&@^~', 19.65],
    ['.,:;', 8],
    ['<*+!?=', 15.51],
    ['aaaAAA1111', 59.54],
    ['🇫🇷', 0], // one grapheme outside every class
    ['😸😸😸😸😸😸😸😸', 50.58],
    ['😸😸😸😸😸😸😸🇫🇷', 50.58],
    ['aA1(~:<😸', 59],
    ['', 0],
  ])('estimates %j at %d bits', (text, bits) => {
    expect(round(passphraseEntropy(text))).toBe(bits);
  });

  it('counts characters outside every class in the length only', () => {
    // 28 graphemes, only lowercase letters in the pool (26).
    expect(round(passphraseEntropy('correct horse battery staple'))).toBe(round(28 * Math.log2(26)));
    expect(graphemes('e\u0301👍🏽')).toHaveLength(2);
  });

  it('scores generated word passphrases from the word list size', () => {
    expect(round(generatedPassphraseEntropy(5, '', 7776))).toBe(64.63);
    expect(round(generatedPassphraseEntropy(5, '  ', 7776))).toBe(64.86);
    expect(round(generatedPassphraseEntropy(10, '', 7776))).toBe(129.25);
    expect(round(generatedPassphraseEntropy(10, '  ', 7776))).toBe(129.72);
  });
});

describe('strength levels', () => {
  it.each([
    [0, 'not-available'], [0.5, 'not-available'], [1, 'very-weak'], [30, 'very-weak'], [59.99, 'very-weak'],
    [60, 'weak'], [70, 'weak'], [80, 'fair'], [100, 'fair'], [112, 'strong'], [120, 'strong'],
    [128, 'very-strong'], [256, 'very-strong'],
  ])('%d bits is %s', (bits, id) => {
    expect(strengthOf(bits).id).toBe(id);
  });
});

describe('character classes', () => {
  it('has the class sizes the estimate relies on and no character in two classes', () => {
    const sizes = Object.fromEntries(Object.entries(CHARACTER_CLASSES).map(([k, v]) => [k, v.length]));
    expect(sizes).toEqual({ upper: 26, lower: 26, digit: 10, parenthesis: 7, char1: 7, char2: 4, char3: 3, char4: 4, char5: 6, emoji: 80 });
    const all = Object.values(CHARACTER_CLASSES).flat();
    expect(new Set(all).size).toBe(all.length);
    for (const ch of LOOK_ALIKE_CHARACTERS) expect(all).toContain(ch);
  });
});
