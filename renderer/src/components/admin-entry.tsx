// The sidebar's "Administration" entry, shown to administrators only. Whether the signed-in user is one comes
// from main's directory (users.list), read when the sidebar appears and after every sync: right after a first
// unlock the directory is still empty, and a role can change on the server.
import { useEffect } from 'react';
import { ShieldIcon } from '../icons/icons';
import { useAdminStore } from '../stores/admin.store';
import { useSyncStore } from '../stores/sync.store';
import { useViewStore } from '../stores/view.store';

export function AdminEntry() {
  const isAdmin = useAdminStore((s) => s.isAdmin);
  const active = useViewStore((s) => s.view === 'admin');
  const show = useViewStore((s) => s.show);
  const lastSync = useSyncStore((s) => s.status?.lastSync ?? null);

  useEffect(() => {
    void useAdminStore.getState().load();
  }, [lastSync]);

  if (!isAdmin) return null;
  return (
    <ul className="sidebar-views">
      <li>
        <button type="button" className={active ? 'filter active' : 'filter'} aria-current={active ? 'page' : undefined} onClick={() => show('admin')}>
          <ShieldIcon />
          <span className="filter-label">Administration</span>
        </button>
      </li>
    </ul>
  );
}
