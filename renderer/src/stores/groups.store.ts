// The Groups view's state: the organisation's groups as main knows them (groups.list), which one is open, and
// whether the last refresh reached the server. Creating, renaming or deleting a group also refreshes the vault's
// group filters in the sidebar.
import { create } from 'zustand';
import type { MethodResponse } from '../../../common/ipc';
import { call, sentence } from '../api';
import { useVaultListStore } from './vault-list.store';

export type Group = MethodResponse<'groups.list'>['groups'][number];

interface GroupsState {
  /** Null until read once. */
  readonly groups: readonly Group[] | null;
  readonly selectedId: string | null;
  readonly error: string | null;
  /** The sync before the last read failed (offline): the list is what this computer last saw. */
  readonly stale: boolean;
  load(): Promise<void>;
  /** Syncs with the server first (groups changed elsewhere), then reads the list. */
  refresh(): Promise<void>;
  select(id: string | null): void;
  /** A group main answered with after a change. */
  put(group: Group): void;
  drop(id: string): void;
  reset(): void;
}

let generation = 0;

const byName = (a: Group, b: Group) => a.name.localeCompare(b.name);

/** The sidebar lists the groups the user is in as vault filters; they follow any change made here. */
async function refreshFilters(): Promise<void> {
  try {
    const { groups } = await call(window.tessera.vault.groups());
    useVaultListStore.setState({ groups: [...groups].sort((a, b) => a.name.localeCompare(b.name)) });
  } catch {
    // The filters only help narrowing the list; the next unlock reads them again.
  }
}

export const useGroupsStore = create<GroupsState>()((set, get) => ({
  groups: null,
  selectedId: null,
  error: null,
  stale: false,

  async load() {
    const mine = generation;
    try {
      const { groups } = await call(window.tessera.groups.list());
      if (mine !== generation) return;
      const selectedId = get().selectedId;
      set({
        groups: [...groups].sort(byName),
        error: null,
        selectedId: selectedId && groups.some((g) => g.id === selectedId) ? selectedId : null,
      });
    } catch (e) {
      if (mine === generation) set({ error: sentence(e) });
    }
  },

  async refresh() {
    const mine = generation;
    const synced = await call(window.tessera.sync.now()).then(() => true, () => false);
    if (mine !== generation) return;
    set({ stale: !synced });
    await get().load();
    void refreshFilters();
  },

  select: (selectedId) => set({ selectedId }),

  put(group) {
    const groups = get().groups ?? [];
    const next = groups.some((g) => g.id === group.id) ? groups.map((g) => (g.id === group.id ? group : g)) : [...groups, group];
    set({ groups: [...next].sort(byName) });
    void refreshFilters();
  },

  drop(id) {
    set({ groups: (get().groups ?? []).filter((g) => g.id !== id), selectedId: get().selectedId === id ? null : get().selectedId });
    void refreshFilters();
  },

  reset() {
    generation += 1;
    set({ groups: null, selectedId: null, error: null, stale: false });
  },
}));

export function myRole(group: Group, me: string | null): 'Manager' | 'Member' | 'Not a member' {
  if (group.iAmManager) return 'Manager';
  return group.members.some((m) => m.userId === me) ? 'Member' : 'Not a member';
}
