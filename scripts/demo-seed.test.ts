// The demo seeding of `npm start`, run against a real server process (SQLite) with its mail going to the dev
// mailbox over SMTP. Then, as separate machines with the real OS keychain (gnome-keyring on the test D-Bus
// session), each demo user signs in with their recovery kit and the demo passphrase, syncs, and must see
// exactly the items the demo data shares with them, decrypting a shared password with a valid signature.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../common/ipc';
import { buildDesktopServices, type DesktopServices } from '../main/electron/desktop-services';
import { KeytarKeychain } from '../main/keychain/keytar-keychain';
import { createSqliteDatabase, type TestDatabase } from '../server/test-support/databases';
import { startServerProcess, type ServerProcess } from '../server/test-support/server-process';
import { DEMO_GROUP, DEMO_PASSPHRASE, DEMO_RESOURCES, type DemoUserKey } from './demo-data';
import { seedDemoOrganisation, type DemoSeedResult } from './demo-seed';
import { ensureAccountInProfile } from './desktop-profile';
import { createAdminWithCli } from './dev-server';
import { startDevMailbox, type DevMailbox } from './dev-mailbox';

let database: TestDatabase;
let server: ServerProcess;
let mailbox: DevMailbox;
let seeded: DemoSeedResult;
const scratch = mkdtempSync(join(tmpdir(), 'tessera-demo-test-'));
const keychain = new KeytarKeychain(`Tessera-test-${randomBytes(4).toString('hex')}`);
const opened: DesktopServices[] = [];

beforeAll(async () => {
  mailbox = await startDevMailbox({ folder: join(scratch, 'mail') });
  database = await createSqliteDatabase();
  server = await startServerProcess({ db: database.url, smtp: mailbox.smtpUrl });
  seeded = await seedDemoOrganisation({
    serverUrl: server.url,
    mailbox,
    recoveryKitDir: join(scratch, 'recovery-kits'),
    createAdminLink: (admin) => createAdminWithCli({
      dataDir: server.dataDir, db: database.url, url: server.url,
      username: admin.username, firstName: admin.firstName, lastName: admin.lastName,
    }),
  });
}, 240_000);

afterAll(async () => {
  for (const services of opened) {
    for (const account of services.registry.list()) await services.deviceKeys.deleteAccount(account.id).catch(() => undefined);
    await services.dispose();
  }
  await server?.stop();
  await database?.drop();
  await mailbox?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** A fresh desktop profile on the real keychain, signed in as a demo user from their recovery kit. */
async function signIn(key: DemoUserKey): Promise<DesktopServices> {
  const user = seeded.users.find((u) => u.key === key);
  if (!user) throw new Error(`no seeded user ${key}`);
  const services = buildDesktopServices({
    userDataDir: mkdtempSync(join(scratch, `profile-${key}-`)), keychain, poolSize: 1, events: { publish: () => undefined },
  });
  opened.push(services);
  const imported = await services.accounts.importAccount({
    serverUrl: seeded.serverUrl, armoredPrivateKey: readFileSync(user.recoveryKitFile, 'utf8'), passphrase: DEMO_PASSPHRASE,
  });
  expect(imported.account.username).toBe(user.username);
  const unlocked = await services.session.unlock(imported.account.id, DEMO_PASSPHRASE);
  expect(unlocked.offline).toBe(false);
  await services.sync.sync();
  return services;
}

/** What the demo data says a user can see: their own items, the group's (if a member), direct shares. */
function expectedNames(key: DemoUserKey): string[] {
  const inGroup = DEMO_GROUP.members.some((m) => m.key === key);
  return DEMO_RESOURCES
    .filter((r) => r.owner === key || (inGroup && r.shareWithGroup !== undefined) || r.shareWithUsers?.[key] !== undefined)
    .map((r) => r.name)
    .sort();
}

describe('the demo organisation of npm start', () => {
  it('creates the three users, the group and every demo item, and mails the invitations', () => {
    expect(seeded.users.map((u) => [u.username, u.role])).toEqual([
      ['ada@tessera.example', 'admin'], ['grace@tessera.example', 'user'], ['alan@tessera.example', 'user'],
    ]);
    expect(seeded.users.every((u) => /^[0-9a-f-]{36}$/.test(u.userId) && /^[0-9A-F]{40}$/.test(u.fingerprint))).toBe(true);
    expect(seeded.group).toMatchObject({ name: 'Operations', members: ['ada@tessera.example', 'grace@tessera.example'] });
    expect(seeded.resources).toHaveLength(16);
    expect(new Set(seeded.resources.map((r) => r.id)).size).toBe(16);
    for (const username of ['grace@tessera.example', 'alan@tessera.example']) {
      expect(mailbox.messages.some((m) => m.to.includes(username) && /\/setup\/start\//.test(m.text))).toBe(true);
    }
    for (const user of seeded.users) {
      expect(readFileSync(user.recoveryKitFile, 'utf8')).toContain(`Comment: Tessera account ${user.userId}`);
    }
  });

  it('lets the administrator sign in and see all sixteen items and the group', async () => {
    const ada = await signIn('ada');
    expect(ada.vault.list().map((r) => r.name).sort()).toEqual(expectedNames('ada'));
    expect(expectedNames('ada')).toHaveLength(16);
    const [group] = ada.groups.list();
    expect(group).toMatchObject({ name: 'Operations', memberCount: 2, iAmManager: true });
    const runbook = ada.vault.list({ search: 'runbook' })[0];
    expect(runbook).toMatchObject({ name: 'On-call runbook wiki', permission: 1 });
    const field = await ada.secrets.readField(runbook!.id, 'password');
    expect(field.signature).toBe('valid');
    expect(field.value.length).toBeGreaterThanOrEqual(8);
  });

  it('gives Grace the Operations items through the group and decrypts one signed by Ada', async () => {
    const grace = await signIn('grace');
    const names = grace.vault.list().map((r) => r.name).sort();
    expect(names).toEqual(expectedNames('grace'));
    expect(names).toHaveLength(11);
    expect(names).not.toContain('AWS root account');
    const database = grace.vault.list({ search: 'Production database' })[0];
    expect(database).toMatchObject({ permission: 7, shared: true });
    expect((await grace.secrets.readField(database!.id, 'password')).signature).toBe('valid');
    expect(grace.groups.list().map((g) => [g.name, g.iAmManager])).toEqual([['Operations', false]]);
  });

  it('gives Alan only his direct shares, with the permission the demo data sets', async () => {
    const alan = await signIn('alan');
    expect(alan.vault.list().map((r) => r.name).sort()).toEqual(expectedNames('alan'));
    expect(expectedNames('alan')).toEqual(['GitHub organisation owner', 'Mastodon company account', 'Office Wi-Fi (guest)', 'Stripe dashboard']);
    expect(alan.vault.list({ search: 'Stripe' })[0]?.permission).toBe(7);
    expect(alan.vault.list({ search: 'GitHub' })[0]?.permission).toBe(1);
    expect(alan.groups.list().some((g) => g.members.some((m) => m.userId === alan.session.status().userId))).toBe(false);
  });

  it('refuses a wrong passphrase for a demo account', async () => {
    const ada = buildDesktopServices({
      userDataDir: mkdtempSync(join(scratch, 'profile-wrong-')), keychain, poolSize: 1, events: { publish: () => undefined },
    });
    opened.push(ada);
    const kit = readFileSync(seeded.users[0]!.recoveryKitFile, 'utf8');
    const error = await ada.accounts.importAccount({ serverUrl: seeded.serverUrl, armoredPrivateKey: kit, passphrase: 'not the demo passphrase' })
      .then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('WRONG_PASSPHRASE');
  });

  it('puts the administrator into a desktop profile once, and re-imports when the keychain lost the device key', async () => {
    const ada = seeded.users[0]!;
    const profileDir = mkdtempSync(join(scratch, 'desktop-'));
    const target = { profileDir, keychain, serverUrl: seeded.serverUrl, userId: ada.userId, recoveryKitFile: ada.recoveryKitFile, passphrase: DEMO_PASSPHRASE };
    expect(await ensureAccountInProfile(target)).toBe('imported');
    expect(await ensureAccountInProfile(target)).toBe('present');

    const app = buildDesktopServices({ userDataDir: profileDir, keychain, poolSize: 1, events: { publish: () => undefined } });
    opened.push(app);
    const [account] = app.registry.list();
    expect(account).toMatchObject({ username: 'ada@tessera.example', userId: ada.userId, serverUrl: seeded.serverUrl });
    // A new keyring (another login session) no longer has the device key that sealed the cache.
    await app.deviceKeys.deleteAccount(account!.id);
    expect(await ensureAccountInProfile(target)).toBe('repaired');
    const [again] = app.registry.list();
    expect(again?.id).not.toBe(account!.id);
    expect((await app.session.unlock(again!.id, DEMO_PASSPHRASE)).offline).toBe(false);
    await app.sync.sync();
    expect(app.vault.list()).toHaveLength(16);
  });
});
