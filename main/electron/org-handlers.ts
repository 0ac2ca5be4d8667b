// IPC handlers for working with other people: sharing, groups, the user directory with key verification, and
// administration. Long operations are registered under the caller's operation id so they report progress as
// `bulk.progress` and can be cancelled with `bulk.cancel`. Administration is refused here for non-administrators
// (the server refuses it again).
import { DomainError } from '../../common/ipc';
import type { adminMethods } from '../../common/ipc/admin';
import type { bulkMethods } from '../../common/ipc/bulk';
import type { groupsMethods } from '../../common/ipc/groups';
import type { shareMethods } from '../../common/ipc/share';
import type { usersMethods } from '../../common/ipc/users';
import type { EventSink } from '../services/ports';
import type { ShareChange } from '../services/share.service';
import type { UnlockedVault } from '../services/unlocked-vault';
import type { UserRecord } from '../services/vault-records';
import { completePolicy } from '../services/org-policy.service';
import type { DesktopServices } from './desktop-services';
import { optionsOf, withOptions } from './generator-options';
import type { IpcHandlers } from './ipc-dispatch';
import { startBulkProgress } from './bulk-progress';

type OrgMethods = typeof shareMethods & typeof groupsMethods & typeof usersMethods & typeof adminMethods & typeof bulkMethods;

/** A key first seen this recently and not verified gets a warning before anything is shared with it. */
export const NEW_KEY_WARNING_MS = 24 * 60 * 60_000;
export interface OrgHandlerDeps {
  readonly services: DesktopServices;
  readonly events: EventSink;
  readonly now?: () => number;
}

export function createOrgHandlers(deps: OrgHandlerDeps): IpcHandlers<OrgMethods> {
  const { services, events } = deps;
  const { session, share, groups, admin } = services;
  const now = deps.now ?? Date.now;
  const running = new Map<string, AbortController>();

  /** Runs one cancellable operation under the caller's id, publishing its progress (bulk-progress.ts). */
  async function operation<T>(operationId: string, run: (options: { signal: AbortSignal; onProgress: (done: number, total: number) => void }) => Promise<T>): Promise<T> {
    if (running.has(operationId)) throw new DomainError('CONFLICT', 'This operation is already running.');
    const controller = new AbortController();
    running.set(operationId, controller);
    const progress = startBulkProgress(events, operationId);
    try {
      return await run({ signal: controller.signal, onProgress: progress.onProgress });
    } finally {
      progress.stop();
      running.delete(operationId);
    }
  }

  const requireAdmin = (): UnlockedVault => {
    const vault = session.current();
    if (vault.users.get(vault.userId)?.role !== 'admin') {
      throw new DomainError('PERMISSION_DENIED', 'Only administrators can do this.');
    }
    return vault;
  };

  const keyView = (vault: UnlockedVault, user: UserRecord | undefined) => {
    if (!user) return undefined;
    const trust = vault.trust.userKeyTrust(user.id);
    const warning = keyWarning(user, trust, now());
    const changed = trust.pinned !== undefined && user.fingerprint !== null && trust.pinned !== user.fingerprint;
    return {
      fingerprint: user.fingerprint, verified: trust.verified && trust.pinned === user.fingerprint, ...(warning ? { warning } : {}),
      ...(trust.firstSeen === undefined ? {} : { firstSeen: new Date(trust.firstSeen).toISOString() }),
      ...(changed ? { previousFingerprint: trust.pinned } : {}),
    };
  };

  const userView = (vault: UnlockedVault, u: UserRecord) => ({
    id: u.id, username: u.username, firstName: u.firstName, lastName: u.lastName,
    role: u.role === 'admin' ? 'admin' as const : 'user' as const, active: u.active, disabled: u.disabled,
    key: keyView(vault, u) ?? { fingerprint: null, verified: false },
  });

  const nameOf = (vault: UnlockedVault, userId: string) => {
    const u = vault.users.get(userId);
    return u ? (`${u.firstName} ${u.lastName}`.trim() || u.username) : 'Unknown user';
  };

  return {
    'share.search': async ({ search }) => {
      const vault = session.current();
      const matches = await share.searchAros(search);
      return {
        matches: matches.slice(0, 50).map((m) => ({
          kind: m.kind, id: m.id, name: m.name,
          ...(m.username ? { username: m.username } : {}), ...(m.userCount === undefined ? {} : { userCount: m.userCount }),
          ...(m.kind === 'user' ? { key: keyView(vault, vault.users.get(m.id)) ?? { fingerprint: m.fingerprint ?? null, verified: false } } : {}),
        })),
      };
    },
    'share.permissions': async ({ resourceId }) => {
      const vault = session.current();
      return {
        permissions: (await share.permissions(resourceId)).map((p) => ({
          ...p, ...(p.aro === 'User' && vault.users.has(p.aroId) ? { key: keyView(vault, vault.users.get(p.aroId)) } : {}),
        })),
      };
    },
    'share.simulate': async ({ resourceId, changes }) => {
      const vault = session.current();
      const { addedUserIds, removedUserIds } = await share.simulate(resourceId, changes as ShareChange[]);
      return {
        added: addedUserIds.map((userId) => ({ userId, name: nameOf(vault, userId) })),
        removed: removedUserIds.map((userId) => ({ userId, name: nameOf(vault, userId) })),
      };
    },
    'share.apply': ({ resourceId, changes, operationId }) => operation(operationId, (options) => share.apply(resourceId, changes as ShareChange[], options)),

    'groups.list': () => ({ groups: groups.list() }),
    'groups.create': ({ name, members }) => {
      requireAdmin();
      return groups.create(name, members);
    },
    'groups.rename': ({ groupId, name }) => {
      requireAdmin();
      return groups.rename(groupId, name);
    },
    'groups.updateMembers': ({ groupId, operationId, add, remove, setManager }) => {
      const vault = session.current();
      const group = vault.groups.get(groupId);
      const isAdmin = vault.users.get(vault.userId)?.role === 'admin';
      // Managers change members; administrators too (Passbolt lets them add, never read the group's secrets).
      if (group && !isAdmin && !group.members.some((m) => m.userId === vault.userId && m.isAdmin)) {
        throw new DomainError('PERMISSION_DENIED', 'Only a manager of this group can change its members.');
      }
      return operation(operationId, (options) => groups.updateMembers(groupId, {
        ...(add ? { add } : {}), ...(remove ? { remove } : {}), ...(setManager ? { setManager } : {}),
      }, options));
    },
    'groups.delete': async ({ groupId }) => {
      requireAdmin();
      await groups.delete(groupId);
      return null;
    },

    'users.list': () => {
      const vault = session.current();
      const users = [...vault.users.values()]
        .filter((u) => !u.disabled || vault.users.get(vault.userId)?.role === 'admin')
        .sort((a, b) => a.username.localeCompare(b.username))
        .map((u) => userView(vault, u));
      return { users, me: { id: vault.userId, isAdmin: vault.users.get(vault.userId)?.role === 'admin' } };
    },
    'users.verifyKey': ({ userId, fingerprint }) => {
      const vault = session.current();
      const user = vault.users.get(userId);
      if (!user) throw new DomainError('NOT_FOUND', 'This person is not in your organisation as this computer knows it; sync and try again.');
      if (user.fingerprint !== vault.trust.userKeyTrust(userId).pinned) {
        throw new DomainError('KEY_CHANGED', 'This person\'s key changed since Tessera first saw it; compare the new fingerprint and accept it first.');
      }
      vault.trust.verifyUserKey(userId, fingerprint);
      return userView(vault, user);
    },
    'users.acceptKey': ({ userId, fingerprint }) => {
      const vault = session.current();
      const user = vault.users.get(userId);
      if (!user) throw new DomainError('NOT_FOUND', 'This person is not in your organisation as this computer knows it; sync and try again.');
      // The user compared the new fingerprint with its owner: the key becomes the pin, and is verified by that comparison.
      share.acceptKeyChange(userId, fingerprint);
      vault.trust.verifyUserKey(userId, fingerprint);
      return userView(vault, user);
    },

    'admin.invite': async (input) => {
      requireAdmin();
      return admin.invite(input);
    },
    'admin.resendInvitation': async ({ userId }) => {
      requireAdmin();
      await admin.resendInvitation(userId);
      return null;
    },
    'admin.setDisabled': async ({ userId, disabled }) => {
      requireAdmin();
      await admin.setDisabled(userId, disabled);
      return null;
    },
    'admin.planDelete': async ({ userId }) => {
      const vault = requireAdmin();
      const plan = await admin.planDelete(userId);
      const named = (raw: unknown[]) => raw.flatMap((entry) => {
        const e = entry as { id?: unknown; name?: unknown };
        return typeof e.id === 'string' ? [{ id: e.id, name: typeof e.name === 'string' ? e.name : '' }] : [];
      });
      return {
        deletable: plan.deletable,
        // Who could take an item over: the other people and groups on it, as far as this computer can see it.
        soleOwnerOf: named(plan.soleOwnerOf).map((r) => ({
          ...r,
          candidates: (vault.resources.get(r.id)?.permissions ?? [])
            .filter((p) => !(p.aro === 'User' && p.aroId === userId))
            .map((p) => ({ id: p.id, name: p.aro === 'Group' ? (vault.groups.get(p.aroId)?.name ?? 'Unknown group') : nameOf(vault, p.aroId) })),
        })),
        soleManagerOf: named(plan.soleManagerOf).map((g) => ({
          ...g,
          candidates: (vault.groups.get(g.id)?.members ?? []).filter((m) => m.userId !== userId).map((m) => ({ id: m.id, name: nameOf(vault, m.userId) })),
        })),
      };
    },
    'admin.deleteUser': async ({ userId, transfer }) => {
      requireAdmin();
      await admin.deleteUser(userId, transfer ? {
        owners: transfer.owners.map((o) => ({ id: o.permissionId, aco_foreign_key: o.resourceId })),
        managers: transfer.managers.map((m) => ({ id: m.membershipId, group_id: m.groupId })),
      } : undefined);
      return null;
    },
    'admin.passwordPolicy': async () => {
      requireAdmin();
      return optionsOf(completePolicy(await admin.passwordPolicy()));
    },
    'admin.setPasswordPolicy': async (o) => {
      requireAdmin();
      const current = completePolicy(await admin.passwordPolicy());
      const next = withOptions({ ...current, default_generator: o.kind }, o);
      // The wire type is open-ended (Passbolt may add fields); ours is a closed record of the same fields.
      const body = { ...next, password_generator_settings: { ...next.password_generator_settings }, passphrase_generator_settings: { ...next.passphrase_generator_settings } };
      return optionsOf(completePolicy(await admin.setPasswordPolicy(body)));
    },
    'admin.passphrasePolicy': async () => {
      requireAdmin();
      return admin.passphrasePolicy();
    },
    'admin.setPassphrasePolicy': async (p) => {
      requireAdmin();
      return admin.setPassphrasePolicy(p);
    },

    'bulk.cancel': ({ operationId }) => {
      const controller = running.get(operationId);
      controller?.abort();
      return { cancelled: controller !== undefined };
    },
  };
}

/** What to tell the user before sharing with this key, if anything. A changed key is refused by the share itself. */
export function keyWarning(
  user: Pick<UserRecord, 'username' | 'fingerprint' | 'keyEmails'>,
  trust: { pinned: string | undefined; firstSeen: number | undefined; verified: boolean },
  now: number,
): string | undefined {
  if (!user.fingerprint) return 'This person has no usable key yet; they may not have finished joining.';
  if (trust.pinned && trust.pinned !== user.fingerprint) {
    return 'This person\'s key changed since Tessera first saw it. Compare the new fingerprint with them before sharing.';
  }
  if (user.keyEmails && user.keyEmails.length > 0 && !user.keyEmails.includes(user.username.toLowerCase())) {
    return `This key is made out to ${user.keyEmails.join(', ')}, not ${user.username}. Check with them before sharing.`;
  }
  if (!trust.verified && trust.firstSeen !== undefined && now - trust.firstSeen < NEW_KEY_WARNING_MS) {
    return 'Tessera first saw this key less than a day ago and you have not verified it. Compare the fingerprint with them first.';
  }
  return undefined;
}
