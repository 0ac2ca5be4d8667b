// Organisation settings the client honours.
import { z } from 'zod';
import { ApiHttpError } from './api-errors';
import type { HttpClient } from './http-client';
import {
  passwordPolicySchema, userPassphrasePolicySchema,
  type PasswordPolicyDto, type UserPassphrasePolicyDto,
} from './schemas';

export class SettingsApi {
  constructor(private readonly http: HttpClient) {}

  async settings(): Promise<Record<string, unknown>> {
    return (await this.http.get('/settings', { schema: z.record(z.string(), z.unknown()) })).body;
  }

  /** The password generator policy; falls back to the legacy endpoint on 404, as Passbolt's clients do. */
  async passwordPolicy(): Promise<PasswordPolicyDto> {
    try {
      return (await this.http.get('/password-policies/settings', { schema: passwordPolicySchema })).body;
    } catch (error) {
      if (!(error instanceof ApiHttpError) || error.status !== 404) throw error;
      return (await this.http.get('/password-generator/settings', { schema: passwordPolicySchema })).body;
    }
  }

  async setPasswordPolicy(policy: PasswordPolicyDto): Promise<PasswordPolicyDto> {
    return (await this.http.post('/password-policies/settings', { body: policy, schema: passwordPolicySchema })).body;
  }

  async userPassphrasePolicy(): Promise<UserPassphrasePolicyDto> {
    return (await this.http.get('/user-passphrase-policies/settings', { schema: userPassphrasePolicySchema })).body;
  }

  async setUserPassphrasePolicy(policy: { entropy_minimum: number; external_dictionary_check: boolean }): Promise<UserPassphrasePolicyDto> {
    return (await this.http.post('/user-passphrase-policies/settings', { body: policy, schema: userPassphrasePolicySchema })).body;
  }
}
