// Organisation settings stored as JSON text by property name (organization_settings), with Passbolt's shapes:
// user passphrase policies and password policies.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  ENTROPY_MINIMUM_RANGE, PASSWORD_POLICY_DEFAULTS, USER_PASSPHRASE_POLICY_DEFAULTS,
  type PasswordPoliciesDto, type UserPassphrasePoliciesDto,
} from '../../common/api/policies';
import type { Database } from '../storage/schema';
import { nowIso, type Clock } from '../util/clock';
import { parseBody } from '../http/validation';

const PASSPHRASE_PROPERTY = 'userPassphrasePolicies';
const PASSWORD_PROPERTY = 'passwordPolicies';

const passphraseSchema = z.object({
  entropy_minimum: z.number({ error: 'The entropy minimum should be an integer.' }).int({ error: 'The entropy minimum should be an integer.' })
    .min(ENTROPY_MINIMUM_RANGE.min, { error: `The entropy minimum should be at least ${ENTROPY_MINIMUM_RANGE.min}.` })
    .max(ENTROPY_MINIMUM_RANGE.max, { error: `The entropy minimum should be at most ${ENTROPY_MINIMUM_RANGE.max}.` }),
  external_dictionary_check: z.boolean({ error: 'The external dictionary check should be a boolean.' }),
});

const bool = z.boolean({ error: 'The value should be a boolean.' });
const passwordSchema = z.object({
  default_generator: z.enum(['password', 'passphrase'], { error: 'The default generator should be password or passphrase.' }),
  external_dictionary_check: bool,
  password_generator_settings: z.object({
    length: z.number().int().min(8).max(128),
    mask_upper: bool, mask_lower: bool, mask_digit: bool, mask_parenthesis: bool, mask_emoji: bool,
    mask_char1: bool, mask_char2: bool, mask_char3: bool, mask_char4: bool, mask_char5: bool,
    exclude_look_alike_chars: bool,
  }).refine((s) => [s.mask_upper, s.mask_lower, s.mask_digit, s.mask_parenthesis, s.mask_emoji, s.mask_char1,
    s.mask_char2, s.mask_char3, s.mask_char4, s.mask_char5].some(Boolean),
  { error: 'At least one set of characters should be selected.', params: { rule: 'atLeastOneMask' } }),
  passphrase_generator_settings: z.object({
    words: z.number().int().min(4).max(40),
    word_separator: z.string().max(10),
    word_case: z.enum(['lowercase', 'uppercase', 'camelcase']),
  }),
});

interface StoredRow { id: string; value: string; created: string; modified: string; created_by: string | null; modified_by: string | null }

export class OrgSettingsService {
  constructor(private readonly db: Kysely<Database>, private readonly clock: Clock) {}

  private async read(property: string): Promise<StoredRow | undefined> {
    return this.db.selectFrom('organization_settings').select(['id', 'value', 'created', 'modified', 'created_by', 'modified_by'])
      .where('property', '=', property).executeTakeFirst();
  }

  private async write(property: string, value: unknown, userId: string): Promise<void> {
    const now = nowIso(this.clock);
    await this.db.insertInto('organization_settings').values({
      id: randomUUID(), property, value: JSON.stringify(value), created: now, modified: now, created_by: userId, modified_by: userId,
    }).onConflict((oc) => oc.column('property').doUpdateSet({ value: JSON.stringify(value), modified: now, modified_by: userId }))
      .execute();
  }

  async userPassphrasePolicies(): Promise<UserPassphrasePoliciesDto> {
    const row = await this.read(PASSPHRASE_PROPERTY);
    if (!row) return { ...USER_PASSPHRASE_POLICY_DEFAULTS };
    const value = passphraseSchema.parse(JSON.parse(row.value));
    return { id: row.id, ...value, created: row.created, created_by: row.created_by, modified: row.modified, modified_by: row.modified_by };
  }

  async saveUserPassphrasePolicies(body: unknown, userId: string): Promise<UserPassphrasePoliciesDto> {
    const value = parseBody(passphraseSchema, body, 'Could not validate the user passphrase policies.');
    await this.write(PASSPHRASE_PROPERTY, value, userId);
    return this.userPassphrasePolicies();
  }

  async passwordPolicies(): Promise<PasswordPoliciesDto> {
    const row = await this.read(PASSWORD_PROPERTY);
    if (!row) return { ...structuredClone(PASSWORD_POLICY_DEFAULTS), source: 'default' };
    const value = passwordSchema.parse(JSON.parse(row.value));
    return { id: row.id, ...value, source: 'db', created: row.created, created_by: row.created_by, modified: row.modified,
      modified_by: row.modified_by };
  }

  async savePasswordPolicies(body: unknown, userId: string): Promise<PasswordPoliciesDto> {
    const value = parseBody(passwordSchema, body, 'Could not validate the password policies.');
    await this.write(PASSWORD_PROPERTY, value, userId);
    return this.passwordPolicies();
  }
}
