// The generator's options as the window shows them (kind, length, character classes, words), mapped to and from
// Passbolt's password policy, where symbols are six separate classes the window treats as one switch.
import type { PasswordPoliciesDto } from '../../common/api/policies';
import type { GeneratorOptions } from '../../common/ipc';

export function optionsOf(p: PasswordPoliciesDto): GeneratorOptions {
  const s = p.password_generator_settings;
  return {
    kind: p.default_generator, length: s.length, uppercase: s.mask_upper, lowercase: s.mask_lower, digits: s.mask_digit,
    symbols: s.mask_parenthesis || s.mask_char1 || s.mask_char2 || s.mask_char3 || s.mask_char4 || s.mask_char5,
    words: p.passphrase_generator_settings.words,
  };
}

export function withOptions(p: PasswordPoliciesDto, o: GeneratorOptions): PasswordPoliciesDto {
  const sym = o.symbols;
  return {
    ...p,
    password_generator_settings: {
      ...p.password_generator_settings, length: o.length, mask_upper: o.uppercase, mask_lower: o.lowercase, mask_digit: o.digits,
      mask_parenthesis: sym, mask_char1: sym, mask_char2: sym, mask_char3: sym, mask_char4: sym, mask_char5: sym,
    },
    passphrase_generator_settings: { ...p.passphrase_generator_settings, words: o.words },
  };
}

