// The organisation's password policy, for the generator: read from the server (GET /password-policies/settings
// .json, falling back to the legacy endpoint), kept sealed in the cache for offline use, completed with Passbolt's
// defaults for anything the server leaves out.
import type { PasswordPoliciesDto } from '../../common/api/policies';
import { DomainError } from '../../common/ipc';
import type { PasswordPolicyDto } from '../api/schemas';
import type { GeneratedSecret, PasswordGeneratorService } from './password-generator.service';
import { domainErrors } from './service-errors';
import type { SessionService } from './session.service';

const POLICY_SETTING = 'policy.password';

export const DEFAULT_PASSWORD_POLICY: PasswordPoliciesDto = {
  default_generator: 'password',
  external_dictionary_check: true,
  password_generator_settings: {
    length: 18, mask_upper: true, mask_lower: true, mask_digit: true, mask_parenthesis: true, mask_emoji: false,
    mask_char1: true, mask_char2: true, mask_char3: true, mask_char4: true, mask_char5: true, exclude_look_alike_chars: true,
  },
  passphrase_generator_settings: { words: 9, word_separator: ' ', word_case: 'lowercase' },
  source: 'default',
};

export class OrgPolicyService {
  constructor(
    private readonly session: SessionService,
    private readonly generator: Pick<PasswordGeneratorService, 'generate'>,
  ) {}

  /** The policy from the server when online (and remembered), else the remembered one, else the defaults. */
  async passwordPolicy(): Promise<PasswordPoliciesDto> {
    const vault = this.session.current();
    if (!vault.offline) {
      try {
        const fresh = completePolicy(await domainErrors(() => vault.api.settings.passwordPolicy()));
        vault.setSetting(POLICY_SETTING, JSON.stringify(fresh));
        return fresh;
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'NETWORK_UNAVAILABLE')) throw error;
      }
    }
    const cached = vault.getSetting(POLICY_SETTING);
    return cached ? (JSON.parse(cached) as PasswordPoliciesDto) : DEFAULT_PASSWORD_POLICY;
  }

  /** A new password or passphrase under the organisation's policy (its default kind unless one is asked for). */
  async generate(kind?: 'password' | 'passphrase'): Promise<GeneratedSecret> {
    const policy = await this.passwordPolicy();
    return this.generator.generate(policy, kind ?? policy.default_generator);
  }
}

/** Fills in what a server omits, keeping every value it did send. */
export function completePolicy(p: PasswordPolicyDto): PasswordPoliciesDto {
  const d = DEFAULT_PASSWORD_POLICY;
  return {
    ...d,
    default_generator: p.default_generator ?? d.default_generator,
    external_dictionary_check: p.external_dictionary_check ?? d.external_dictionary_check,
    password_generator_settings: { ...d.password_generator_settings, ...pick(p.password_generator_settings, d.password_generator_settings) },
    passphrase_generator_settings: { ...d.passphrase_generator_settings, ...pick(p.passphrase_generator_settings, d.passphrase_generator_settings) },
    source: (typeof p.source === 'string' ? p.source : d.source) as PasswordPoliciesDto['source'],
  };
}

/** The entries of `from` that exist in `shape` with the same type. */
function pick<T extends object>(from: Record<string, unknown>, shape: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(shape)) if (typeof from[k] === typeof v) out[k] = from[k];
  return out as Partial<T>;
}
