// The unlocked vault: filters, the list, the selected item, the status bar; the keyboard shortcuts of the window;
// the dialogs. Listens to main's vault.changed and sync events while shown.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { DeleteDialog } from '../components/delete-dialog';
import { ProfileDialogHost } from '../components/people/profile-dialog';
import { ShareDialog } from '../components/share/share-dialog';
import { DetailPane } from '../components/detail-pane';
import { ItemEditor } from '../components/item-editor';
import { ItemList } from '../components/item-list';
import { Sidebar } from '../components/sidebar';
import { StatusBar } from '../components/status-bar';
import { Toast } from '../components/toast';
import { isMod, isModShift, shortcut } from '../hooks/platform';
import { useActivityTouch } from '../hooks/use-activity';
import { CloudOffIcon, PlusIcon, SearchIcon } from '../icons/icons';
import { copyField, lockNow, openWebsite, type CopyField } from '../stores/actions';
import { useDetailStore } from '../stores/detail.store';
import { useDialogStore } from '../stores/dialog.store';
import { useSyncStore } from '../stores/sync.store';
import { rowAt, useVaultListStore, type ListSort } from '../stores/vault-list.store';
import { useViewStore } from '../stores/view.store';
import { visible } from '../text/untrusted';
import { AdminScreen } from './admin/admin-screen';
import { GroupsScreen } from './groups/groups-screen';
import { SettingsScreen } from './settings/settings-screen';

/** The selected item's id, name and website, from the detail pane or the row. */
function selectedItem() {
  const { selectedId, selectedIndex, pages } = useVaultListStore.getState();
  if (!selectedId) return null;
  const detail = useDetailStore.getState().detail;
  if (detail?.id === selectedId) return detail;
  const row = rowAt(pages, selectedIndex);
  return row?.id === selectedId ? row : null;
}

/** Text the user selected (in the page or in a field), which Ctrl/Cmd+C must copy as usual. */
function hasTextSelection(): boolean {
  const active = document.activeElement;
  if (active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement) {
    return active.selectionStart !== null && active.selectionStart !== active.selectionEnd;
  }
  return (window.getSelection()?.toString() ?? '') !== '';
}

function EmptyList() {
  const { search, filter, setSearch } = useVaultListStore();
  const open = useDialogStore((s) => s.open);
  if (search.trim()) {
    return (
      <div className="list-state">
        <p>Nothing matches “{visible(search, 80)}”.</p>
        <button type="button" className="button button-secondary" onClick={() => setSearch('')}>Clear search</button>
      </div>
    );
  }
  const text: Record<string, string> = {
    favorites: 'No favorites yet. Star an item to keep it here.',
    owned: 'You do not own any items yet.',
    'shared-with-me': 'Nobody has shared an item with you yet.',
    group: 'Nothing is shared with this group yet.',
  };
  return (
    <div className="list-state" data-testid="empty-vault">
      <p>{text[filter.kind] ?? 'No items yet. Create one, or ask a colleague to share one with you.'}</p>
      {filter.kind === 'all' || filter.kind === 'owned' ? (
        <button type="button" className="button button-primary" onClick={() => open({ kind: 'create' })}>
          <PlusIcon size={14} /> New item
        </button>
      ) : null}
    </div>
  );
}

function filterTitle(kind: string, groupName: string | undefined): string {
  switch (kind) {
    case 'favorites': return 'Favorites';
    case 'owned': return 'Mine';
    case 'shared-with-me': return 'Shared with me';
    case 'group': return groupName ?? 'Group';
    default: return 'All items';
  }
}

export function VaultScreen() {
  const { search, sort, total, filter, groups, setSearch, setSort, selectedId } = useVaultListStore();
  const dialog = useDialogStore((s) => s.dialog);
  const openDialog = useDialogStore((s) => s.open);
  const offline = useSyncStore((s) => s.status?.state === 'offline');
  // Another view (Administration...) takes the place of the search, the list and the detail.
  const view = useViewStore((s) => s.view);
  const inVault = view === 'vault';
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Below 900 px wide the detail replaces the list; this says which one shows there.
  const [showDetail, setShowDetail] = useState(false);

  useActivityTouch(true);

  useEffect(() => {
    void useVaultListStore.getState().open();
    void useSyncStore.getState().load();
    searchRef.current?.focus();
    const offChanged = window.tessera.on('vault.changed', ({ resourceIds }) => {
      void useVaultListStore.getState().changed();
      const shown = useDetailStore.getState().id;
      if (shown && (resourceIds.length === 0 || resourceIds.includes(shown))) void useDetailStore.getState().refresh();
    });
    const offStatus = window.tessera.on('sync.status', (s) => useSyncStore.getState().statusChanged(s));
    const offProgress = window.tessera.on('sync.progress', (p) => useSyncStore.getState().progressed(p));
    return () => {
      offChanged();
      offStatus();
      offProgress();
    };
  }, []);

  useEffect(() => {
    void useDetailStore.getState().show(selectedId);
  }, [selectedId]);

  const openDetail = useCallback(() => {
    setShowDetail(true);
    requestAnimationFrame(() => headingRef.current?.focus());
  }, []);

  const backToList = useCallback(() => {
    setShowDetail(false);
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLElement>('[role="listbox"]')?.focus());
  }, []);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (useDialogStore.getState().dialog || e.defaultPrevented || document.querySelector('dialog[open]')) return;
      // Outside the vault only locking applies; the other shortcuts act on the list.
      if (useViewStore.getState().view !== 'vault' && !isMod(e, 'l')) return;
      const copy = (field: CopyField) => {
        const item = selectedItem();
        if (!item) return;
        e.preventDefault();
        void copyField(item, field);
      };
      if (isMod(e, 'f')) {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (isMod(e, 'n')) {
        e.preventDefault();
        if (useSyncStore.getState().status?.state !== 'offline') openDialog({ kind: 'create' });
      } else if (isMod(e, 'l')) {
        e.preventDefault();
        void lockNow();
      } else if (isMod(e, 'c')) {
        if (!hasTextSelection()) copy('password');
      } else if (isMod(e, 'b')) {
        copy('username');
      } else if (isMod(e, 'u')) {
        const item = selectedItem();
        if (item) {
          e.preventDefault();
          void openWebsite(item);
        }
      } else if (isModShift(e, 's')) {
        const item = selectedItem();
        if (item && useSyncStore.getState().status?.state !== 'offline') {
          e.preventDefault();
          openDialog({ kind: 'share', id: item.id, name: item.name, permission: item.permission });
        }
      } else if (e.key === 'Escape' && !e.altKey && !e.ctrlKey && !e.metaKey) {
        const inDetail = document.activeElement?.closest('.detail-pane');
        if (inDetail || showDetail) {
          e.preventDefault();
          backToList();
        } else if (useVaultListStore.getState().search) {
          e.preventDefault();
          setSearch('');
          searchRef.current?.focus();
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openDialog, setSearch, showDetail, backToList]);

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || (e.key === 'Enter' && total)) {
      e.preventDefault();
      const list = useVaultListStore.getState();
      if (list.selectedIndex < 0 && total) void list.selectIndex(0);
      listRef.current?.querySelector<HTMLElement>('[role="listbox"]')?.focus();
    } else if (e.key === 'Escape' && search) {
      // Handled here so the search field's own Escape behaviour and the window's agree.
      e.preventDefault();
      e.stopPropagation();
      setSearch('');
    }
  };

  const groupName = filter.kind === 'group' ? groups.find((g) => g.id === filter.groupId)?.name : undefined;
  const title = search.trim() ? 'Search results' : filterTitle(filter.kind, groupName);

  return (
    <div className={showDetail ? 'vault show-detail' : 'vault'}>
      <Sidebar />
      <header className="topbar" hidden={!inVault}>
        <div className="search">
          <SearchIcon className="search-icon" />
          <input
            ref={searchRef}
            type="search"
            aria-label="Search"
            placeholder="Search all items"
            value={search}
            spellCheck={false}
            autoComplete="off"
            maxLength={256}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={onSearchKey}
          />
          <kbd className="search-kbd" aria-hidden="true">{shortcut('F')}</kbd>
        </div>
        <button type="button" className="button button-primary" onClick={() => openDialog({ kind: 'create' })} disabled={offline}
          title={offline ? 'New items can be created once the server can be reached' : `New item (${shortcut('N')})`}>
          <PlusIcon size={14} /> New item
        </button>
      </header>

      {offline && inVault ? (
        <div className="banner banner-offline" role="alert" data-testid="offline-banner">
          <CloudOffIcon />
          <span>The server could not be reached. You can still read and copy what is on this device; changes wait until it is back.</span>
          <button type="button" className="link-button" onClick={() => void useSyncStore.getState().retry()}>Retry</button>
        </div>
      ) : null}

      <section className="list-pane" ref={listRef} aria-label="Items" hidden={!inVault}>
        <div className="list-header">
          <h1 className="list-title" id="list-title">
            {title}
            {total !== null ? <span className="count">{total.toLocaleString()}</span> : null}
          </h1>
          <label className="sort">
            <span className="visually-hidden">Sort by</span>
            <select value={sort} onChange={(e) => setSort(e.target.value as ListSort)} disabled={search.trim() !== ''} aria-label="Sort by" title={search.trim() ? 'Search results are sorted by relevance' : 'Sort by'}>
              <option value="name">Name</option>
              <option value="modified">Last modified</option>
            </select>
          </label>
        </div>
        {total === 0 ? <EmptyList /> : <ItemList onOpen={openDetail} labelledBy="list-title" />}
      </section>

      <section className="detail-pane" aria-label="Details" hidden={!inVault}>
        <DetailPane onBack={backToList} headingRef={headingRef} />
      </section>

      {view === 'groups' ? <GroupsScreen /> : null}
      {view === 'admin' ? <AdminScreen /> : null}
      {view === 'settings' ? <SettingsScreen /> : null}

      <StatusBar />
      <Toast />
      {dialog?.kind === 'create' || dialog?.kind === 'edit' ? <ItemEditor key={dialog.kind === 'edit' ? dialog.id : 'new'} mode={dialog} /> : null}
      {dialog?.kind === 'delete' ? <DeleteDialog id={dialog.id} name={dialog.name} /> : null}
      {dialog?.kind === 'share' ? <ShareDialog key={dialog.id} id={dialog.id} name={dialog.name} permission={dialog.permission} /> : null}
      <ProfileDialogHost />
    </div>
  );
}
