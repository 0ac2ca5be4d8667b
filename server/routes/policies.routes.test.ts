// Password policies and user passphrase policies: Passbolt's shapes and defaults, admin-only writes, limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestDatabase } from '../test-support/databases';
import { startServerProcess, type ServerProcess } from '../test-support/server-process';
import { createAdmin, inviteAndSetupUser, readSetupToken } from '../test-support/users';
import type { TestClient } from '../test-support/test-client';
import { PASSWORD_POLICY_DEFAULTS, type PasswordPoliciesDto, type UserPassphrasePoliciesDto } from '../../common/api/policies';

describe.each(dialects)('policies on $name', ({ create }) => {
  let database: TestDatabase;
  let server: ServerProcess;
  let admin: TestClient;
  let user: TestClient;
  beforeAll(async () => {
    database = await create();
    server = await startServerProcess({ db: database.url });
    admin = await createAdmin(server);
    user = await inviteAndSetupUser(admin, server);
  });
  afterAll(async () => { await server?.stop(); await database?.drop(); });

  it('serves the defaults before anything is saved', async () => {
    const pass = await user.get<UserPassphrasePoliciesDto>('/user-passphrase-policies/settings.json');
    expect(pass.body).toEqual({ entropy_minimum: 50, external_dictionary_check: true });
    const pwd = await user.get<PasswordPoliciesDto>('/password-policies/settings.json');
    expect(pwd.body).toEqual({ ...PASSWORD_POLICY_DEFAULTS, source: 'default' });
    expect(pwd.body.password_generator_settings.length).toBe(18);
    expect(pwd.body.passphrase_generator_settings.words).toBe(9);
  });

  it('lets admins set the passphrase policy within 50-224 bits', async () => {
    for (const bad of [49, 225, 80.5, '80', null]) {
      const res = await admin.post('/user-passphrase-policies/settings.json', { entropy_minimum: bad, external_dictionary_check: true });
      expect(res.status, String(bad)).toBe(400);
      expect(Object.keys(res.body as object)).toEqual(['entropy_minimum']);
    }
    expect((await admin.put('/user-passphrase-policies/settings.json', { entropy_minimum: 80, external_dictionary_check: 'yes' })).status).toBe(400);
    expect((await user.post('/user-passphrase-policies/settings.json', { entropy_minimum: 80, external_dictionary_check: false })).status).toBe(403);
    const saved = await admin.put<UserPassphrasePoliciesDto>('/user-passphrase-policies/settings.json', { entropy_minimum: 112, external_dictionary_check: false });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ entropy_minimum: 112, external_dictionary_check: false, created_by: admin.userId, modified_by: admin.userId });
    expect(saved.body.id).toMatch(/^[0-9a-f-]{36}$/);
    const read = await user.get<UserPassphrasePoliciesDto>('/user-passphrase-policies/settings.json');
    expect(read.body).toEqual(saved.body);
    for (const edge of [50, 224]) {
      expect((await admin.post('/user-passphrase-policies/settings.json', { entropy_minimum: edge, external_dictionary_check: true })).status).toBe(200);
    }
    // New users see the policy during setup.
    const invite = await admin.post<{ id: string }>('/users.json', { username: `p-${crypto.randomUUID()}@example.com`, profile: { first_name: 'P', last_name: 'Q' } });
    const token = await readSetupToken(server.db, invite.body.id);
    const start = await user.get<{ user_passphrase_policy: UserPassphrasePoliciesDto }>(`/setup/start/${invite.body.id}/${token}.json`, { auth: false });
    expect(start.body.user_passphrase_policy.entropy_minimum).toBe(224);
  });

  it('lets admins set password policies, validated field by field', async () => {
    const policy = structuredClone(PASSWORD_POLICY_DEFAULTS);
    policy.default_generator = 'passphrase';
    policy.password_generator_settings.length = 32;
    policy.passphrase_generator_settings = { words: 6, word_separator: '-', word_case: 'uppercase' };
    const saved = await admin.post<PasswordPoliciesDto>('/password-policies/settings.json', policy);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ ...policy, source: 'db' });
    expect((await user.get<PasswordPoliciesDto>('/password-policies/settings.json')).body.default_generator).toBe('passphrase');
    const bad = structuredClone(policy) as unknown as Record<string, Record<string, unknown>>;
    bad.password_generator_settings!.length = 7;
    bad.passphrase_generator_settings!.words = 41;
    const refused = await admin.put('/password-policies/settings.json', bad);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ password_generator_settings: { length: { greaterThanOrEqual: expect.any(String) } },
      passphrase_generator_settings: { words: { lessThanOrEqual: expect.any(String) } } });
    const noMask = structuredClone(PASSWORD_POLICY_DEFAULTS);
    for (const k of Object.keys(noMask.password_generator_settings) as (keyof typeof noMask.password_generator_settings)[]) {
      if (k.startsWith('mask_')) (noMask.password_generator_settings as unknown as Record<string, boolean>)[k] = false;
    }
    expect((await admin.put('/password-policies/settings.json', noMask)).body)
      .toEqual({ password_generator_settings: { atLeastOneMask: 'At least one set of characters should be selected.' } });
    expect((await user.put('/password-policies/settings.json', policy)).status).toBe(403);
  });

  it('announces both policy plugins to logged-in users', async () => {
    const res = await user.get<{ passbolt: { plugins: Record<string, { enabled: boolean }> } }>('/settings.json');
    expect(res.body.passbolt.plugins.userPassphrasePolicies!.enabled).toBe(true);
    expect(res.body.passbolt.plugins.passwordPolicies!.enabled).toBe(true);
    expect(res.body.passbolt.plugins).not.toHaveProperty('metadata');
  });
});
