// The whole sharing story against a real server process, on both databases: an admin from `create-admin`,
// users invited and set up with their own keys, login, then create -> share -> group add with the needed
// secrets (decrypted by the new member) -> revoke (secret gone, 404 after).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestDatabase } from '../test-support/databases';
import { startServerProcess, type ServerProcess } from '../test-support/server-process';
import { openDatabase, type OpenDatabase } from '../storage/database';
import { decryptWith, encryptFor, JsonClient, type SeededUser } from '../../bench/server/fixtures';
import { createAdmin, inviteAndSetupUser } from '../test-support/users';
import type { TestClient } from '../test-support/test-client';
import { startSmtpSink, type SmtpSink } from '../test-support/smtp-sink';
import { PASSWORD_AND_DESCRIPTION_ID } from '../storage/migrations/0020-resource-types';

interface Resource { id: string; name: string; description: string | null; permission: { type: number }; secrets: { data: string }[] }

describe.each(dialects)('sharing story on $name', ({ create }) => {
  let target: TestDatabase;
  let server: ServerProcess;
  let smtp: SmtpSink;
  let store: OpenDatabase;
  let admin: SeededUser; let alice: SeededUser; let bob: SeededUser; let carol: SeededUser;
  let asAdmin: JsonClient; let asAlice: JsonClient; let asBob: JsonClient; let asCarol: JsonClient;

  beforeAll(async () => {
    target = await create();
    smtp = await startSmtpSink();
    server = await startServerProcess({ db: target.url, smtp: smtp.url });
    store = openDatabase(target.url);
    const adminClient = await createAdmin(server);
    const people: TestClient[] = [adminClient];
    for (let i = 0; i < 3; i++) people.push(await inviteAndSetupUser(adminClient, server));
    const asUser = (c: TestClient): SeededUser => ({ id: c.userId!, username: '', role: 'user', privateKey: c.keys!.privateKey, publicKey: c.keys!.publicKey });
    [admin, alice, bob, carol] = people.map(asUser) as [SeededUser, SeededUser, SeededUser, SeededUser];
    [asAdmin, asAlice, asBob, asCarol] = people.map((c) => new JsonClient(server.url, c.accessToken)) as [JsonClient, JsonClient, JsonClient, JsonClient];
    expect(admin.id).toBeTruthy();
  });
  afterAll(async () => { await store?.close(); await server?.stop(); await smtp?.close(); await target?.drop(); });

  const usernameOf = async (id: string) => (await store.db.selectFrom('users').select('username').where('id', '=', id).executeTakeFirstOrThrow()).username;

  it('creates, shares, adds a group member with the secrets they need, and revokes', async () => {
    const secretText = JSON.stringify({ password: 'correct horse', description: 'the vault' });
    // Alice creates a resource: exactly one secret, hers.
    const created = await asAlice.post<Resource>('/resources.json', {
      resource_type_id: PASSWORD_AND_DESCRIPTION_ID, name: 'Mail server', username: 'root', uri: 'https://mail.example.com',
      description: 'must not be stored in clear', secrets: [{ data: await encryptFor(alice.publicKey, secretText, alice.privateKey) }],
    });
    expect(created.status, JSON.stringify(created.raw)).toBe(200);
    const rid = created.body.id;
    expect(created.body.permission.type).toBe(15);
    expect(created.body.description).toBeNull();
    expect(created.body.secrets).toHaveLength(1);
    expect((await asBob.get(`/resources/${rid}.json`)).status).toBe(404);

    const bobUsername = await usernameOf(bob.id);
    // Share with Bob (read): simulate says Bob is added; the share carries Bob's secret only.
    const change = { permissions: [{ aro: 'User', aro_foreign_key: bob.id, aco: 'Resource', aco_foreign_key: rid, type: 1 }] };
    const sim = await asAlice.post<{ changes: { added: { User: { id: string } }[] } }>(`/share/simulate/resource/${rid}.json`, change);
    expect(sim.status).toBe(200);
    expect(sim.body.changes.added).toEqual([{ User: { id: bob.id } }]);
    const own = await asAlice.get<{ data: string }>(`/secrets/resource/${rid}.json`);
    const clear = await decryptWith(alice.privateKey, own.body.data);
    const shared = await asAlice.put(`/share/resource/${rid}.json`, { ...change,
      secrets: [{ resource_id: rid, user_id: bob.id, data: await encryptFor(bob.publicKey, clear, alice.privateKey) }] });
    expect(shared.status, JSON.stringify(shared.raw)).toBe(200);
    const bobSecret = await asBob.get<{ data: string }>(`/secrets/resource/${rid}.json`);
    expect(await decryptWith(bob.privateKey, bobSecret.body.data)).toBe(secretText);
    const bobMail = await smtp.waitFor((m) => m.to.includes(bobUsername) && m.decoded.includes('Mail server'), 20_000);
    expect(bobMail.decoded).toMatch(/shared/i);
    expect(bobMail.decoded).not.toContain('correct horse');

    // The admin creates a group managed by Alice; Alice shares the resource with it (no new member yet).
    const group = await asAdmin.post<{ id: string }>('/groups.json', { name: 'Ops', groups_users: [{ user_id: alice.id, is_admin: true }] });
    expect(group.status, JSON.stringify(group.raw)).toBe(200);
    const gid = group.body.id;
    const toGroup = await asAlice.put(`/share/resource/${rid}.json`, { permissions: [{ aro: 'Group', aro_foreign_key: gid, type: 7 }] });
    expect(toGroup.status, JSON.stringify(toGroup.raw)).toBe(200);

    // Alice adds Carol: the dry run names the secret Carol needs and gives Alice her own row to decrypt.
    const addCarol = { groups_users: [{ user_id: carol.id, is_admin: false }] };
    const dry = await asAlice.put<{ 'dry-run': { SecretsNeeded: { Secret: { resource_id: string; user_id: string } }[];
      Secrets: { Secret: { resource_id: string; data: string }[] }[] } }>(`/groups/${gid}/dry-run.json`, addCarol);
    expect(dry.status, JSON.stringify(dry.raw)).toBe(200);
    expect(dry.body['dry-run'].SecretsNeeded).toEqual([{ Secret: { resource_id: rid, user_id: carol.id } }]);
    const mine = dry.body['dry-run'].Secrets[0]!.Secret[0]!;
    const reencrypted = await encryptFor(carol.publicKey, await decryptWith(alice.privateKey, mine.data), alice.privateKey);
    const updated = await asAlice.put(`/groups/${gid}.json`, { ...addCarol, secrets: [{ resource_id: rid, user_id: carol.id, data: reencrypted }] });
    expect(updated.status, JSON.stringify(updated.raw)).toBe(200);
    const carolUsername = await usernameOf(carol.id);
    await smtp.waitFor((m) => m.to.includes(carolUsername) && m.decoded.includes('Ops'), 20_000);
    const carolSecret = await asCarol.get<{ data: string }>(`/secrets/resource/${rid}.json`);
    expect(await decryptWith(carol.privateKey, carolSecret.body.data)).toBe(secretText);
    const carolView = await asCarol.get<Resource>(`/resources/${rid}.json?contain[permission]=1`);
    expect(carolView.body.permission.type).toBe(7);

    // Revoke: Alice removes Carol from the group; Carol's row is deleted and the resource disappears for her.
    const members = await asAlice.get<{ groups_users: { id: string; user_id: string }[] }>(`/groups/${gid}.json?contain[groups_users]=1`);
    const carolMembership = members.body.groups_users.find((m) => m.user_id === carol.id)!;
    const removed = await asAlice.put(`/groups/${gid}.json`, { groups_users: [{ id: carolMembership.id, delete: true }] });
    expect(removed.status, JSON.stringify(removed.raw)).toBe(200);
    expect((await asCarol.get(`/secrets/resource/${rid}.json`)).status).toBe(404);
    expect((await asCarol.get(`/resources/${rid}.json`)).status).toBe(404);
    const carolRows = await store.db.selectFrom('secrets').select('id').where('user_id', '=', carol.id).execute();
    expect(carolRows).toEqual([]);

    // And Bob's direct permission is revoked through the share endpoint.
    const perms = await asAlice.get<{ id: string; aro_foreign_key: string }[]>(`/permissions/resource/${rid}.json`);
    const bobPerm = perms.body.find((p) => p.aro_foreign_key === bob.id)!;
    const revoke = await asAlice.put(`/share/resource/${rid}.json`, { permissions: [{ id: bobPerm.id, delete: true }] });
    expect(revoke.status, JSON.stringify(revoke.raw)).toBe(200);
    expect((await asBob.get(`/secrets/resource/${rid}.json`)).status).toBe(404);
    expect((await asBob.get('/resources.json')).body).toEqual([]);
    const stored = await store.db.selectFrom('resources').select('description').where('id', '=', rid).executeTakeFirstOrThrow();
    expect(stored.description).toBeNull();
  });
});
