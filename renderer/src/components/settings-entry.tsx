// The sidebar's "Settings" entry, last of the views beside the vault.
import { SettingsIcon } from '../icons/icons';
import { useViewStore } from '../stores/view.store';

export function SettingsEntry() {
  const active = useViewStore((s) => s.view === 'settings');
  const show = useViewStore((s) => s.show);
  return (
    <ul className="sidebar-views">
      <li>
        <button type="button" className={active ? 'filter active' : 'filter'} aria-current={active ? 'page' : undefined} onClick={() => show('settings')}>
          <SettingsIcon />
          <span className="filter-label">Settings</span>
        </button>
      </li>
    </ul>
  );
}
