// Seeds the demo organisation through the real protocol with the product's own client code: the administrator
// joins from the link `create-admin` printed, invites the others (their links arrive by mail), each joins on
// a throwaway "machine" of their own (profile folder + in-memory keychain), then the group and the resources
// are created and shared with the desktop services, which encrypt every secret for every reader. Nothing is
// written to the server's database except through its HTTP API.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PASSWORD_POLICY_DEFAULTS, USER_PASSPHRASE_POLICY_DEFAULTS } from '../common/api/policies';
import { buildDesktopServices, type DesktopServices } from '../main/electron/desktop-services';
import { MemoryKeychain } from '../main/keychain/memory-keychain';
import type { PassphraseChecker } from '../main/services/account.service';
import { PassphrasePolicyService } from '../main/services/passphrase-policy.service';
import { PasswordGeneratorService } from '../main/services/password-generator.service';
import type { ShareChange } from '../main/services/share.service';
import { DEMO_GROUP, DEMO_PASSPHRASE, DEMO_RESOURCES, DEMO_USERS, type DemoResource, type DemoUser, type DemoUserKey } from './demo-data';
import { setupLinkIn, type DevMailbox } from './dev-mailbox';

export interface DemoSeedOptions {
  readonly serverUrl: string;
  /** Registers the administrator with the server's CLI and returns the setup link it printed. */
  readonly createAdminLink: (admin: DemoUser) => Promise<string>;
  /** Where the server's mail arrives (the invitations). */
  readonly mailbox: Pick<DevMailbox, 'waitFor'>;
  /** Each user's recovery kit is written here as <username>.asc. */
  readonly recoveryKitDir: string;
  readonly passphrase?: string;
  readonly log?: (line: string) => void;
}

export interface SeededUser {
  readonly key: DemoUserKey;
  readonly name: string;
  readonly username: string;
  readonly role: 'admin' | 'user';
  readonly userId: string;
  readonly fingerprint: string;
  readonly recoveryKitFile: string;
}

export interface SeededResource {
  readonly id: string;
  readonly name: string;
  readonly owner: string;
  /** Who else can read it: "Operations (group)", usernames. */
  readonly sharedWith: readonly string[];
}

export interface DemoSeedResult {
  readonly serverUrl: string;
  readonly passphrase: string;
  readonly users: readonly SeededUser[];
  readonly group: { readonly id: string; readonly name: string; readonly members: readonly string[] };
  readonly resources: readonly SeededResource[];
  readonly seededAt: string;
}

const INVITATION_WAIT_MS = 60_000;

/**
 * The organisation's passphrase policy, without the breach-dictionary lookup: the demo passphrase is published in
 * DEMO.txt, so asking a breach service about it would tell nothing (and needs the internet).
 */
function demoPassphraseChecker(): PassphraseChecker {
  const policies = new PassphrasePolicyService();
  return {
    evaluate: (passphrase, policy = USER_PASSPHRASE_POLICY_DEFAULTS, context) =>
      policies.evaluate(passphrase, { ...policy, external_dictionary_check: false }, context),
  };
}

interface Machine {
  readonly dir: string;
  readonly services: DesktopServices;
}

function newMachine(root: string, name: string, checker: PassphraseChecker): Machine {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const services = buildDesktopServices({
    userDataDir: dir, keychain: new MemoryKeychain(), checker, poolSize: 1, events: { publish: () => undefined },
  });
  return { dir, services };
}

function writeKit(dir: string, username: string, kit: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${username}.asc`);
  writeFileSync(file, kit, { mode: 0o600 });
  return file;
}

export async function seedDemoOrganisation(options: DemoSeedOptions): Promise<DemoSeedResult> {
  const passphrase = options.passphrase ?? DEMO_PASSPHRASE;
  const log = options.log ?? (() => undefined);
  const checker = demoPassphraseChecker();
  const generator = new PasswordGeneratorService();
  const root = mkdtempSync(join(tmpdir(), 'tessera-demo-seed-'));
  const machines = new Map<DemoUserKey, Machine>();
  const users = new Map<DemoUserKey, SeededUser>();

  const joinAs = async (user: DemoUser, link: string): Promise<Machine> => {
    const machine = newMachine(root, user.key, checker);
    machines.set(user.key, machine);
    const joined = await machine.services.accounts.join(link, passphrase);
    users.set(user.key, {
      key: user.key, name: `${user.firstName} ${user.lastName}`, username: user.username, role: user.role,
      userId: joined.account.userId, fingerprint: joined.fingerprint,
      recoveryKitFile: writeKit(options.recoveryKitDir, user.username, joined.recoveryKit),
    });
    log(`${user.firstName} ${user.lastName} <${user.username}> joined (${user.role})`);
    return machine;
  };
  const unlock = async (machine: Machine) => {
    const [account] = machine.services.accounts.list();
    if (!account) throw new Error('the seeding machine has no account');
    await machine.services.session.unlock(account.id, passphrase);
    await machine.services.sync.sync();
  };
  const userId = (key: DemoUserKey) => {
    const user = users.get(key);
    if (!user) throw new Error(`demo user ${key} was not created`);
    return user.userId;
  };

  try {
    const [admin, ...others] = DEMO_USERS;
    if (!admin || admin.role !== 'admin') throw new Error('the first demo user must be the administrator');
    const adminMachine = await joinAs(admin, await options.createAdminLink(admin));
    await unlock(adminMachine);

    for (const user of others) {
      await adminMachine.services.admin.invite({ username: user.username, firstName: user.firstName, lastName: user.lastName, role: user.role });
      const mail = await options.mailbox.waitFor((m) => m.to.includes(user.username) && setupLinkIn(m) !== undefined, INVITATION_WAIT_MS);
      await joinAs(user, setupLinkIn(mail) as string);
    }
    // The administrator learns the new users' public keys (pinned on first sight) before sharing with them.
    await adminMachine.services.sync.sync();

    const group = await adminMachine.services.groups.create(DEMO_GROUP.name,
      DEMO_GROUP.members.map((m) => ({ userId: userId(m.key), isManager: m.isManager })));
    log(`group "${group.name}" created with ${group.memberCount} members`);

    const resources: SeededResource[] = [];
    for (const owner of DEMO_USERS) {
      const mine = DEMO_RESOURCES.filter((r) => r.owner === owner.key);
      if (mine.length === 0) continue;
      const machine = machines.get(owner.key);
      if (!machine) throw new Error(`no machine for ${owner.key}`);
      if (machine !== adminMachine) await unlock(machine);
      for (const resource of mine) {
        resources.push(await createAndShare(machine.services, resource, group.id, userId, generator.generate(PASSWORD_POLICY_DEFAULTS).value));
      }
      log(`${owner.firstName} created ${mine.length} item${mine.length === 1 ? '' : 's'}`);
    }

    const memberNames = DEMO_GROUP.members.map((m) => (users.get(m.key) as SeededUser).username);
    return {
      serverUrl: options.serverUrl, passphrase,
      users: DEMO_USERS.map((u) => users.get(u.key) as SeededUser),
      group: { id: group.id, name: group.name, members: memberNames },
      resources,
      seededAt: new Date().toISOString(),
    };
  } finally {
    for (const machine of machines.values()) await machine.services.dispose();
    rmSync(root, { recursive: true, force: true });
  }
}

async function createAndShare(
  services: DesktopServices, resource: DemoResource, groupId: string, userId: (key: DemoUserKey) => string, password: string,
): Promise<SeededResource> {
  const created = await services.vault.create({
    name: resource.name, username: resource.username, uri: resource.uri, description: resource.description, password,
  });
  const changes: ShareChange[] = [];
  const sharedWith: string[] = [];
  if (resource.shareWithGroup) {
    changes.push({ action: 'add', aro: 'Group', aroId: groupId, type: resource.shareWithGroup });
    sharedWith.push(`${DEMO_GROUP.name} (group)`);
  }
  for (const [key, type] of Object.entries(resource.shareWithUsers ?? {}) as [DemoUserKey, 1 | 7][]) {
    changes.push({ action: 'add', aro: 'User', aroId: userId(key), type });
    sharedWith.push((DEMO_USERS.find((u) => u.key === key) as DemoUser).username);
  }
  if (changes.length > 0) await services.share.apply(created.id, changes);
  const owner = (DEMO_USERS.find((u) => u.key === resource.owner) as DemoUser).username;
  return { id: created.id, name: created.name, owner, sharedWith };
}
