// The narrow left pane: the account, then the filters (all, favorites, mine, shared with me, each group).
import type { ReactNode } from 'react';
import type { VaultFilterView } from '../../../common/ipc';
import { GridIcon, ShareIcon, StarIcon, UserIcon, UsersIcon } from '../icons/icons';
import { useVaultListStore } from '../stores/vault-list.store';
import { useViewStore } from '../stores/view.store';
import { AccountMenu } from './account-menu';
import { AdminEntry } from './admin-entry';
import { GroupsEntry } from './groups-entry';
import { SettingsEntry } from './settings-entry';
import { Untrusted } from './untrusted';

function same(a: VaultFilterView, b: VaultFilterView): boolean {
  return a.kind === b.kind && (a.kind !== 'group' || (b.kind === 'group' && a.groupId === b.groupId));
}

function FilterButton({ filter, icon, children }: { readonly filter: VaultFilterView; readonly icon: ReactNode; readonly children: ReactNode }) {
  const current = useVaultListStore((s) => s.filter);
  const setFilter = useVaultListStore((s) => s.setFilter);
  const inVault = useViewStore((s) => s.view === 'vault');
  const active = inVault && same(current, filter);
  return (
    <li>
      <button type="button" className={active ? 'filter active' : 'filter'} aria-current={active ? 'true' : undefined} onClick={() => {
        setFilter(filter);
        useViewStore.getState().show('vault');
      }}>
        {icon}
        <span className="filter-label">{children}</span>
      </button>
    </li>
  );
}

export function Sidebar() {
  const groups = useVaultListStore((s) => s.groups);
  return (
    <aside className="sidebar">
      <AccountMenu />
      <nav className="filters" aria-label="Filters">
        <ul>
          <FilterButton filter={{ kind: 'all' }} icon={<GridIcon />}>All items</FilterButton>
          <FilterButton filter={{ kind: 'favorites' }} icon={<StarIcon />}>Favorites</FilterButton>
          <FilterButton filter={{ kind: 'owned' }} icon={<UserIcon />}>Mine</FilterButton>
          <FilterButton filter={{ kind: 'shared-with-me' }} icon={<ShareIcon />}>Shared with me</FilterButton>
        </ul>
        {groups.length > 0 ? (
          <>
            <h2 className="filters-heading" id="groups-heading">Groups</h2>
            <ul aria-labelledby="groups-heading">
              {groups.map((g) => (
                <FilterButton key={g.id} filter={{ kind: 'group', groupId: g.id }} icon={<UsersIcon />}>
                  <Untrusted value={g.name} />
                </FilterButton>
              ))}
            </ul>
          </>
        ) : null}
        <GroupsEntry />
        <AdminEntry />
        <SettingsEntry />
      </nav>
    </aside>
  );
}
