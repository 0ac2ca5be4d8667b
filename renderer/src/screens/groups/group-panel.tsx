// One group: its members with their manager flag. Managers add members (every item the group reaches is then
// encrypted for the newcomer, with progress and Cancel), remove them and make them managers; administrators rename
// and delete the group. Everyone else reads.
import { useMemo, useState } from 'react';
import { call, codeOf } from '../../api';
import { BulkProgressBar } from '../../components/bulk-progress';
import { Combobox } from '../../components/people/combobox';
import { KeyLine, KeyNotice } from '../../components/people/key-facts';
import { Untrusted } from '../../components/untrusted';
import { useBulkOperation } from '../../hooks/use-bulk-operation';
import { CloseIcon, EditIcon, TrashIcon } from '../../icons/icons';
import { myRole, useGroupsStore, type Group } from '../../stores/groups.store';
import { personById, personName, usePeopleStore, type Person } from '../../stores/people.store';
import { useToastStore } from '../../stores/toast.store';
import { initial } from '../../text/format';
import { orgSentence } from '../../text/org-errors';
import { visible } from '../../text/untrusted';
import { ConfirmGroupAction, RenameGroupDialog } from './group-dialogs';
import { PersonOption } from './person-option';
import { searchPeople } from './person-search';

type Open = { kind: 'rename' } | { kind: 'delete' } | { kind: 'remove'; userId: string; name: string } | null;

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

export function GroupPanel({ group }: { readonly group: Group }) {
  const people = usePeopleStore((s) => s.people);
  const me = usePeopleStore((s) => s.me);
  const isAdmin = usePeopleStore((s) => s.isAdmin);
  const openProfile = usePeopleStore((s) => s.openProfile);
  const operation = useBulkOperation();
  const [adding, setAdding] = useState<string | null>(null);
  const [open, setOpen] = useState<Open>(null);
  // The role being saved, shown in its select until main answers.
  const [saving, setSaving] = useState<{ readonly userId: string; readonly isManager: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const canEdit = group.iAmManager;
  const memberIds = useMemo(() => new Set(group.members.map((m) => m.userId)), [group.members]);
  const groupName = visible(group.name, 60);
  const toast = useToastStore((s) => s.show);

  const members = useMemo(() => [...group.members].sort((a, b) => Number(b.isManager) - Number(a.isManager) || a.name.localeCompare(b.name)), [group.members]);

  const addMember = async (person: Person) => {
    const name = visible(personName(person), 60);
    setAdding(name);
    setError(null);
    setNotice(null);
    try {
      const result = await operation.run((operationId) => window.tessera.groups.updateMembers({ groupId: group.id, operationId, add: [{ userId: person.id, isManager: false }] }));
      useGroupsStore.getState().put(result.group);
      toast(`${name} joined ${groupName}`, { detail: result.secretsShared > 0 ? `${count(result.secretsShared, 'item', 'items')} encrypted for them` : null });
    } catch (e) {
      if (codeOf(e) === 'CANCELLED') setNotice(`Cancelled. ${name} was not added; nothing changed on the server.`);
      else setError(orgSentence(e));
    } finally {
      setAdding(null);
    }
  };

  const setManager = async (userId: string, isManager: boolean) => {
    setSaving({ userId, isManager });
    setError(null);
    setNotice(null);
    try {
      const result = await operation.run((operationId) => window.tessera.groups.updateMembers({ groupId: group.id, operationId, setManager: [{ userId, isManager }] }));
      useGroupsStore.getState().put(result.group);
    } catch (e) {
      setError(orgSentence(e));
    } finally {
      setSaving(null);
    }
  };

  return (
    <section className="group-panel" aria-labelledby="group-panel-title">
      <header className="group-panel-header">
        <div className="group-panel-titles">
          <h2 className="group-panel-title" id="group-panel-title"><Untrusted value={group.name} /></h2>
          <p className="group-panel-meta">{count(group.memberCount, 'member', 'members')} · {myRole(group, me) === 'Not a member' ? 'you are not a member' : `you are a ${myRole(group, me).toLowerCase()}`}</p>
        </div>
        {isAdmin ? (
          <div className="group-panel-actions">
            <button type="button" className="button button-secondary button-small" onClick={() => setOpen({ kind: 'rename' })} disabled={operation.running}>
              <EditIcon size={14} /> Rename
            </button>
            <button type="button" className="button button-danger-quiet button-small" onClick={() => setOpen({ kind: 'delete' })} disabled={operation.running}>
              <TrashIcon size={14} /> Delete
            </button>
          </div>
        ) : null}
      </header>

      {canEdit ? (
        <div className="group-add">
          <Combobox<Person>
            label="Add a member"
            placeholder="Add a member by name or email"
            search={(q) => searchPeople(q, memberIds)}
            renderOption={(p) => <PersonOption person={p} />}
            onPick={(p) => void addMember(p)}
            disabled={operation.running}
            emptyText="Nobody else matches (only people who finished joining can be added)."
          />
          {operation.running && adding ? (
            <BulkProgressBar operation={operation} counting="items" label={`Adding ${adding}`} />
          ) : null}
        </div>
      ) : (
        <p className="share-note">Only this group&apos;s managers can change its members.</p>
      )}
      {error ? <p className="form-error" role="alert" data-testid="group-error">{error}</p> : null}
      {notice ? <p className="share-notice" role="status">{notice}</p> : null}

      <ul className="member-list" aria-label="Members">
        {members.map((m) => {
          const person = personById(people, m.userId);
          const name = person ? personName(person) : m.name;
          const shown = visible(name, 60);
          return (
            <li key={m.userId} className="member-row" aria-label={shown}>
              <span className="avatar share-avatar" aria-hidden="true">{initial(name)}</span>
              <div className="share-who">
                <span className="share-name-line">
                  <button type="button" className="share-name link-button" onClick={() => openProfile(m.userId)} title={`Profile and key of ${shown}`}>
                    <Untrusted value={name} noTitle />
                  </button>
                  {m.userId === me ? <span className="muted">(you)</span> : null}
                  {m.isManager && !canEdit ? <span className="share-tag share-tag-manager">Manager</span> : null}
                </span>
                {person ? <Untrusted value={person.username} className="share-sub" /> : null}
                {person && m.userId !== me ? <KeyLine keyView={person.key} /> : null}
                {person && m.userId !== me ? <KeyNotice keyView={person.key} /> : null}
              </div>
              {canEdit ? (
                <div className="share-role">
                  <select aria-label={`Role of ${shown}`} value={(saving?.userId === m.userId ? saving.isManager : m.isManager) ? 'manager' : 'member'}
                    disabled={operation.running} aria-busy={saving?.userId === m.userId} onChange={(e) => void setManager(m.userId, e.target.value === 'manager')}>
                    <option value="member">Member</option>
                    <option value="manager">Manager</option>
                  </select>
                  <button type="button" className="icon-button" disabled={operation.running} title="Remove from the group"
                    aria-label={`Remove ${shown} from the group`} onClick={() => setOpen({ kind: 'remove', userId: m.userId, name })}>
                    <CloseIcon size={14} />
                  </button>
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>

      {open?.kind === 'rename' ? (
        <RenameGroupDialog group={group} onClose={() => setOpen(null)} onRenamed={(g) => {
          setOpen(null);
          setError(null);
          useGroupsStore.getState().put(g);
          toast(`Renamed to ${visible(g.name, 60)}`);
        }} />
      ) : null}
      {open?.kind === 'delete' ? (
        <ConfirmGroupAction
          title="Delete group?"
          confirmLabel="Delete group"
          busyLabel="Deleting…"
          onClose={() => setOpen(null)}
          confirm={() => call(window.tessera.groups.delete({ groupId: group.id }))}
          onDone={() => {
            setOpen(null);
            useGroupsStore.getState().drop(group.id);
            toast(`Deleted ${groupName}`);
          }}
        >
          <strong><Untrusted value={group.name} /></strong> will be deleted. Its members lose access to the items shared with it, unless they have
          access another way. The items themselves are kept.
        </ConfirmGroupAction>
      ) : null}
      {open?.kind === 'remove' ? (
        <ConfirmGroupAction
          title="Remove member?"
          confirmLabel="Remove"
          busyLabel="Removing…"
          onClose={() => setOpen(null)}
          confirm={async () => {
            const result = await operation.run((operationId) => window.tessera.groups.updateMembers({ groupId: group.id, operationId, remove: [open.userId] }));
            useGroupsStore.getState().put(result.group);
          }}
          onDone={() => {
            setOpen(null);
            setError(null);
            toast(`${visible(open.name, 60)} left ${groupName}`);
          }}
        >
          <strong><Untrusted value={open.name} /></strong> will lose access to the items shared with <strong><Untrusted value={group.name} /></strong>,
          unless they have access another way.
        </ConfirmGroupAction>
      ) : null}
    </section>
  );
}

