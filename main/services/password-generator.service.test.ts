import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PASSWORD_POLICY_DEFAULTS, type PasswordGeneratorSettingsDto } from '../../common/api/policies';
import { CHARACTER_CLASSES, LOOK_ALIKE_CHARACTERS } from '../../common/passphrase/character-classes';
import { graphemes } from '../../common/passphrase/entropy';
import { EFF_WORD_LIST, InvalidGeneratorSettingsError, PasswordGeneratorService } from './password-generator.service';

const generator = new PasswordGeneratorService();
const defaults = PASSWORD_POLICY_DEFAULTS.password_generator_settings;
const allOn: PasswordGeneratorSettingsDto = { ...defaults, mask_emoji: true, exclude_look_alike_chars: false };

/** Chi-square statistic of observed counts against a uniform expectation. */
function chiSquare(counts: readonly number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((sum, c) => sum + ((c - expected) ** 2) / expected, 0);
}

describe('uniformInt', () => {
  it('rejects draws at or above the largest multiple of n (deterministic source)', () => {
    const source = Buffer.from('fffffffffffffffa00000007', 'hex');
    const g = new PasswordGeneratorService({ random: () => source });
    expect(g.uniformInt(10)).toBe(7); // 0xffffffff and 0xfffffffa are >= 4294967290 and were thrown away
    expect(source.every((b) => b === 0)).toBe(true); // used random bytes are zeroed
  });

  it('has no modulo bias where a naive modulo would double a third of the range', () => {
    // n = 3 * 2^30: 2^32 mod n = n/3, so `value % n` would make [0, n/3) twice as likely as the rest.
    const n = 3 * 2 ** 30;
    const thirds = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) thirds[Math.floor(generator.uniformInt(n) / (n / 3))]! += 1;
    expect(chiSquare(thirds)).toBeLessThan(13.8); // df = 2, p = 0.001
  });

  it('is uniform over small ranges', () => {
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 50_000; i++) counts[generator.uniformInt(10)]! += 1;
    expect(chiSquare(counts)).toBeLessThan(27.9); // df = 9, p = 0.001
  });
});

describe('generatePassword', () => {
  it('honours the length (in characters, emoji count as one) and draws only from enabled classes', () => {
    for (const length of [8, 18, 64, 128]) {
      const value = generator.generatePassword({ ...allOn, length });
      expect(graphemes(value)).toHaveLength(length);
    }
    const digitsOnly = { ...defaults, mask_upper: false, mask_lower: false, mask_parenthesis: false, mask_char1: false, mask_char2: false, mask_char3: false, mask_char4: false, mask_char5: false, exclude_look_alike_chars: false };
    expect(generator.generatePassword({ ...digitsOnly, length: 40 })).toMatch(/^[0-9]{40}$/);
  });

  it('contains every enabled class whenever the length allows, even at length 10 with all ten classes', () => {
    for (let i = 0; i < 200; i++) {
      const settings = i % 2 === 0 ? { ...allOn, length: 10 + (i % 5) } : { ...defaults, length: 9 };
      const chars = graphemes(generator.generatePassword(settings));
      for (const c of generator.enabledClasses(settings)) expect(chars.some((ch) => c.characters.includes(ch))).toBe(true);
    }
  });

  it('never uses look-alike characters when they are excluded', () => {
    const text = Array.from({ length: 200 }, () => generator.generatePassword({ ...defaults, length: 64 })).join('');
    for (const ch of LOOK_ALIKE_CHARACTERS) expect(text).not.toContain(ch);
    expect(text).not.toMatch(/[\u{1F600}-\u{1F64F}]/u); // emoji off by default
  });

  it('spreads characters evenly over the alphabet', () => {
    const settings = { ...defaults, length: 128 };
    const alphabet = generator.enabledClasses(settings).flatMap((c) => c.characters);
    const counts = new Map(alphabet.map((c) => [c, 0]));
    for (let i = 0; i < 300; i++) for (const ch of graphemes(generator.generatePassword(settings))) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([...alphabet].sort());
    // df = alphabet - 1 (~86); p = 0.001 critical value ~ 132.
    expect(chiSquare([...counts.values()])).toBeLessThan(135);
  });

  it('refuses impossible settings', () => {
    expect(() => generator.generatePassword({ ...defaults, length: 7 })).toThrow(InvalidGeneratorSettingsError);
    expect(() => generator.generatePassword({ ...defaults, length: 129 })).toThrow(InvalidGeneratorSettingsError);
    const none = Object.fromEntries(Object.entries(defaults).map(([k, v]) => [k, typeof v === 'boolean' ? false : v])) as unknown as PasswordGeneratorSettingsDto;
    expect(() => generator.generatePassword(none)).toThrow(InvalidGeneratorSettingsError);
  });

  it('uses every class Passbolt defines', () => {
    const everything = Array.from({ length: 50 }, () => generator.generatePassword({ ...allOn, length: 128 })).join('');
    for (const chars of Object.values(CHARACTER_CLASSES)) expect(chars.some((c) => everything.includes(c))).toBe(true);
  });
});

describe('generatePassphrase', () => {
  it('builds words from the EFF list with the separator and case', () => {
    expect(EFF_WORD_LIST).toHaveLength(7776);
    const words = new Set(EFF_WORD_LIST);
    const lower = generator.generatePassphrase({ words: 9, word_separator: ' ', word_case: 'lowercase' });
    expect(lower.split(' ')).toHaveLength(9);
    for (const w of lower.split(' ')) expect(words.has(w)).toBe(true);
    const upper = generator.generatePassphrase({ words: 5, word_separator: '-+-', word_case: 'uppercase' });
    expect(upper.split('-+-').every((w) => words.has(w.toLowerCase()) && w === w.toUpperCase())).toBe(true);
    const camel = generator.generatePassphrase({ words: 6, word_separator: '', word_case: 'camelcase' });
    expect(camel).toMatch(/^([A-Z][a-z-]*){6}$/);
  });

  it('refuses out-of-range settings', () => {
    expect(() => generator.generatePassphrase({ words: 3, word_separator: ' ', word_case: 'lowercase' })).toThrow(InvalidGeneratorSettingsError);
    expect(() => generator.generatePassphrase({ words: 41, word_separator: ' ', word_case: 'lowercase' })).toThrow(InvalidGeneratorSettingsError);
    expect(() => generator.generatePassphrase({ words: 5, word_separator: 'x'.repeat(11), word_case: 'lowercase' })).toThrow(InvalidGeneratorSettingsError);
  });
});

describe('generate', () => {
  it('follows the default generator and rates the result', () => {
    const password = generator.generate(PASSWORD_POLICY_DEFAULTS);
    expect(password.kind).toBe('password');
    expect(graphemes(password.value)).toHaveLength(18);
    expect(password.entropy).toBeGreaterThan(100);
    const passphrase = generator.generate({ ...PASSWORD_POLICY_DEFAULTS, default_generator: 'passphrase' });
    expect(passphrase.kind).toBe('passphrase');
    expect(Math.round(passphrase.entropy * 100) / 100).toBe(Math.round(9 * Math.log2(128 + 7776 + 3) * 100) / 100);
    expect(passphrase.strength.id).toBe('strong'); // ~116.5 bits
  });

  it('produces different values each time', () => {
    const values = new Set(Array.from({ length: 100 }, () => generator.generate(PASSWORD_POLICY_DEFAULTS).value));
    expect(values.size).toBe(100);
    expect(randomBytes).toBeTypeOf('function');
  });
});
