// Organisation policies the desktop app enforces.

export interface UserPassphrasePoliciesDto {
  id?: string;
  /** Bits, 50 to 224. */
  entropy_minimum: number;
  external_dictionary_check: boolean;
  created?: string;
  created_by?: string | null;
  modified?: string;
  modified_by?: string | null;
}

export const USER_PASSPHRASE_POLICY_DEFAULTS = { entropy_minimum: 50, external_dictionary_check: true } as const;
export const ENTROPY_MINIMUM_RANGE = { min: 50, max: 224 } as const;
/**
 * Passbolt advises at least this much entropy for a passphrase. Below the organisation's minimum a new passphrase is
 * refused; between that minimum and this one it is accepted with a warning.
 */
export const RECOMMENDED_ENTROPY_MINIMUM = 80;

export interface PasswordGeneratorSettingsDto {
  length: number;
  mask_upper: boolean;
  mask_lower: boolean;
  mask_digit: boolean;
  mask_parenthesis: boolean;
  mask_emoji: boolean;
  mask_char1: boolean;
  mask_char2: boolean;
  mask_char3: boolean;
  mask_char4: boolean;
  mask_char5: boolean;
  exclude_look_alike_chars: boolean;
}

export interface PassphraseGeneratorSettingsDto {
  words: number;
  word_separator: string;
  word_case: 'lowercase' | 'uppercase' | 'camelcase';
}

export interface PasswordPoliciesDto {
  id?: string;
  default_generator: 'password' | 'passphrase';
  external_dictionary_check: boolean;
  password_generator_settings: PasswordGeneratorSettingsDto;
  passphrase_generator_settings: PassphraseGeneratorSettingsDto;
  /** 'default' when nothing is stored, 'db' otherwise. */
  source: 'default' | 'db' | 'env' | 'file';
  created?: string;
  created_by?: string | null;
  modified?: string;
  modified_by?: string | null;
}

export const PASSWORD_POLICY_DEFAULTS: Omit<PasswordPoliciesDto, 'source'> = {
  default_generator: 'password',
  external_dictionary_check: true,
  password_generator_settings: {
    length: 18, mask_upper: true, mask_lower: true, mask_digit: true, mask_parenthesis: true, mask_emoji: false,
    mask_char1: true, mask_char2: true, mask_char3: true, mask_char4: true, mask_char5: true,
    exclude_look_alike_chars: true,
  },
  passphrase_generator_settings: { words: 9, word_separator: ' ', word_case: 'lowercase' },
};
