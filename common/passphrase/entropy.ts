// Entropy estimate of a typed passphrase or password and its strength level, computed the way Passbolt's
// SecretGeneratorComplexity does, so a passphrase the server's policy accepts in Passbolt is accepted here too:
//   pool    = sum of the sizes of every character class that occurs at least once (classes: character-classes.ts)
//   entropy = (number of user-perceived characters, i.e. graphemes) x log2(pool), 0 when either is 0
// Characters outside every class (spaces, accented letters...) count towards the length but add nothing to the pool.
//
//   passphraseEntropy('correct horse battery staple')   // ~131.6 (28 graphemes, pool 26)
//   strengthOf(131.6)                                     // { id: 'very-strong', label: 'Very strong', minimum: 128 }
//   generatedPassphraseEntropy(9, ' ', 7776)              // for generated word passphrases
import { CHARACTER_CLASSES, characterClassOf, type CharacterClassName } from './character-classes';

export type StrengthId = 'not-available' | 'very-weak' | 'weak' | 'fair' | 'strong' | 'very-strong';

export interface StrengthLevel {
  id: StrengthId;
  label: string;
  /** Smallest entropy (bits) at this level. */
  minimum: number;
}

/** Passbolt's levels: weak from 60 bits, fair 80, strong 112, very strong 128. */
export const STRENGTH_LEVELS: readonly StrengthLevel[] = [
  { id: 'not-available', label: 'n/a', minimum: 0 },
  { id: 'very-weak', label: 'Very weak', minimum: 1 },
  { id: 'weak', label: 'Weak', minimum: 60 },
  { id: 'fair', label: 'Fair', minimum: 80 },
  { id: 'strong', label: 'Strong', minimum: 112 },
  { id: 'very-strong', label: 'Very strong', minimum: 128 },
];

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Splits text into user-perceived characters (an emoji with modifiers is one). */
export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** length x log2(pool); 0 when either is 0. */
export function entropyBits(length: number, poolSize: number): number {
  return length > 0 && poolSize > 0 ? length * Math.log2(poolSize) : 0;
}

/** The classes a text draws from and the resulting pool size. */
export function characterPool(characters: readonly string[]): { classes: CharacterClassName[]; size: number } {
  const classes = new Set<CharacterClassName>();
  for (const ch of characters) {
    const name = characterClassOf(ch);
    if (name) classes.add(name);
  }
  let size = 0;
  for (const name of classes) size += CHARACTER_CLASSES[name].length;
  return { classes: [...classes], size };
}

/** Estimated entropy (bits) of a typed passphrase or password. */
export function passphraseEntropy(text: string): number {
  const characters = graphemes(text);
  return entropyBits(characters.length, characterPool(characters).size);
}

/** Entropy of a generated word passphrase: words x log2(separator chars x 128 + word list size + 3 word cases). */
export function generatedPassphraseEntropy(words: number, separator: string, wordListSize: number): number {
  return entropyBits(words, separator.length * 128 + wordListSize + 3);
}

/** The highest level whose minimum the entropy reaches. */
export function strengthOf(entropy: number): StrengthLevel {
  let level = STRENGTH_LEVELS[0] as StrengthLevel;
  for (const candidate of STRENGTH_LEVELS) if (entropy >= candidate.minimum) level = candidate;
  return level;
}
