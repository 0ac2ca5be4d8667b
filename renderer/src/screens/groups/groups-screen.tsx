// The Groups view beside the vault: every group of the organisation with its member count and your role in it,
// and the open group's members. Administrators create groups. Read from main at once, then again after a sync so
// changes made on other computers show.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Untrusted } from '../../components/untrusted';
import { PlusIcon, UsersIcon } from '../../icons/icons';
import { myRole, useGroupsStore } from '../../stores/groups.store';
import { usePeopleStore } from '../../stores/people.store';
import { useToastStore } from '../../stores/toast.store';
import { visible } from '../../text/untrusted';
import { CreateGroupDialog } from './group-dialogs';
import { GroupPanel } from './group-panel';
import '../../sharing.css';

export function GroupsScreen() {
  const { groups, selectedId, error, stale, select } = useGroupsStore();
  const me = usePeopleStore((s) => s.me);
  const isAdmin = usePeopleStore((s) => s.isAdmin);
  const [creating, setCreating] = useState(false);
  const list = useRef<HTMLUListElement>(null);

  useEffect(() => {
    void usePeopleStore.getState().load();
    void useGroupsStore.getState().load().then(() => useGroupsStore.getState().refresh());
  }, []);

  const selected = groups?.find((g) => g.id === selectedId) ?? groups?.[0] ?? null;

  // Up and down move between groups, as in the vault's list.
  const onListKey = (e: KeyboardEvent<HTMLUListElement>) => {
    if (!groups || (e.key !== 'ArrowDown' && e.key !== 'ArrowUp')) return;
    const buttons = [...(list.current?.querySelectorAll<HTMLButtonElement>('.group-item') ?? [])];
    const at = buttons.findIndex((b) => b === document.activeElement);
    const next = buttons[Math.min(Math.max(at + (e.key === 'ArrowDown' ? 1 : -1), 0), buttons.length - 1)];
    if (!next) return;
    e.preventDefault();
    next.focus();
    next.click();
  };

  let content;
  if (groups === null) {
    content = error ? (
      <div className="view-state" role="alert">
        <p>{error}</p>
        <button type="button" className="button button-secondary" onClick={() => void useGroupsStore.getState().load()}>Try again</button>
      </div>
    ) : (
      <div className="view-state" role="status" aria-busy="true">Loading groups…</div>
    );
  } else if (groups.length === 0) {
    content = (
      <div className="view-state">
        <UsersIcon size={28} />
        <p>{isAdmin ? 'No groups yet. Create one to share items with a team at once.' : 'No groups yet. An administrator can create them.'}</p>
      </div>
    );
  } else {
    content = (
      <div className="groups-body">
        <ul className="group-list" aria-label="All groups" ref={list} onKeyDown={onListKey}>
          {groups.map((g) => {
            const active = g.id === selected?.id;
            return (
              <li key={g.id}>
                <button type="button" className={active ? 'group-item active' : 'group-item'} aria-current={active ? 'true' : undefined} onClick={() => select(g.id)}>
                  <span className="group-item-name"><Untrusted value={g.name} /></span>
                  <span className="group-item-meta">
                    <span>{g.memberCount.toLocaleString()} {g.memberCount === 1 ? 'member' : 'members'}</span>
                    <span className={g.iAmManager ? 'group-role group-role-manager' : 'group-role'}>{myRole(g, me)}</span>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
        {selected ? <GroupPanel key={selected.id} group={selected} /> : null}
      </div>
    );
  }

  return (
    <section className="view-pane groups" aria-labelledby="groups-title">
      <header className="view-header groups-header">
        <h1 className="view-title" id="groups-title">Groups</h1>
        {isAdmin ? (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            <PlusIcon size={14} /> New group
          </button>
        ) : null}
      </header>
      {stale ? <p className="view-note groups-stale">The server could not be reached: this is what this computer last saw.</p> : null}
      {content}
      {creating ? (
        <CreateGroupDialog onClose={() => setCreating(false)} onCreated={(g) => {
          setCreating(false);
          useGroupsStore.getState().put(g);
          useGroupsStore.getState().select(g.id);
          useToastStore.getState().show(`Created ${visible(g.name, 60)}`);
        }} />
      ) : null}
    </section>
  );
}
