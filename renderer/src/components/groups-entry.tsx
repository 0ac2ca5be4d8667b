// The sidebar's "Groups" entry: the organisation's groups and their members, after the vault's filters.
import { UsersIcon } from '../icons/icons';
import { useViewStore } from '../stores/view.store';

export function GroupsEntry() {
  const active = useViewStore((s) => s.view === 'groups');
  const show = useViewStore((s) => s.show);
  return (
    <ul className="sidebar-views">
      <li>
        <button type="button" className={active ? 'filter active' : 'filter'} aria-current={active ? 'page' : undefined} onClick={() => show('groups')}>
          <UsersIcon />
          <span className="filter-label">Groups</span>
        </button>
      </li>
    </ul>
  );
}
