// The organisation's people for the Administration view, and whether the signed-in user is an administrator (the
// sidebar shows the entry only then; main refuses the calls to anyone else anyway). Loaded from main's directory
// at once, then again after a sync so invitations accepted elsewhere show as active.
import { create } from 'zustand';
import type { MethodResponse } from '../../../common/ipc';
import { call, sentence } from '../api';

export type UserView = MethodResponse<'users.list'>['users'][number];

interface AdminState {
  /** Unknown until the directory was read once. */
  readonly isAdmin: boolean | null;
  readonly me: string | null;
  readonly users: readonly UserView[] | null;
  readonly loading: boolean;
  readonly error: string | null;
  /** The last sync before a reload failed (offline): the list is what this computer last saw. */
  readonly stale: boolean;
  /** Reads the directory main holds. */
  load(): Promise<void>;
  /** Syncs with the server first, then reads the directory. */
  refresh(): Promise<void>;
  reset(): void;
}

let generation = 0;

export const useAdminStore = create<AdminState>()((set) => ({
  isAdmin: null,
  me: null,
  users: null,
  loading: false,
  error: null,
  stale: false,

  async load() {
    const mine = generation;
    set({ loading: true });
    try {
      const { users, me } = await call(window.tessera.users.list());
      if (mine === generation) set({ users, me: me.id, isAdmin: me.isAdmin, loading: false, error: null });
    } catch (e) {
      if (mine === generation) set({ loading: false, error: sentence(e) });
    }
  },

  async refresh() {
    const mine = generation;
    const synced = await call(window.tessera.sync.now()).then(() => true, () => false);
    if (mine !== generation) return;
    set({ stale: !synced });
    await useAdminStore.getState().load();
  },

  reset() {
    generation += 1;
    set({ isAdmin: null, me: null, users: null, loading: false, error: null, stale: false });
  },
}));

/** "Ada Lovelace", or the email when the profile has no name. */
export function displayName(user: Pick<UserView, 'firstName' | 'lastName' | 'username'>): string {
  return `${user.firstName} ${user.lastName}`.trim() || user.username;
}

export type UserStatus = 'active' | 'invited' | 'disabled';

export function statusOf(user: Pick<UserView, 'active' | 'disabled'>): UserStatus {
  return user.disabled ? 'disabled' : user.active ? 'active' : 'invited';
}
