// The Groups view's dialogs: create a group (administrators; its first members, at least one of them a manager),
// rename it (administrators), delete it (administrators; the server refuses while the group alone owns items), and
// confirm removing a member.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { call } from '../../api';
import { Dialog } from '../../components/dialog';
import { Combobox } from '../../components/people/combobox';
import { Untrusted } from '../../components/untrusted';
import { CloseIcon } from '../../icons/icons';
import { personById, personName, usePeopleStore, type Person } from '../../stores/people.store';
import type { Group } from '../../stores/groups.store';
import { orgSentence } from '../../text/org-errors';
import { visible } from '../../text/untrusted';
import { PersonOption } from './person-option';
import { searchPeople } from './person-search';

function NameField({ value, onChange, error }: { readonly value: string; readonly onChange: (v: string) => void; readonly error?: string | undefined }) {
  const id = useId();
  return (
    <div className="form-field">
      <label htmlFor={id}>Group name</label>
      <input id={id} type="text" value={value} maxLength={255} spellCheck={false} autoComplete="off" data-autofocus
        aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} onChange={(e) => onChange(e.target.value)} />
      {error ? <p className="field-error field-error-below" id={`${id}-error`}>{error}</p> : null}
    </div>
  );
}

interface Draft {
  readonly userId: string;
  readonly isManager: boolean;
}

export function CreateGroupDialog({ onClose, onCreated }: { readonly onClose: () => void; readonly onCreated: (group: Group) => void }) {
  const people = usePeopleStore((s) => s.people);
  const me = usePeopleStore((s) => s.me);
  const [name, setName] = useState('');
  const [members, setMembers] = useState<readonly Draft[]>(() => (me ? [{ userId: me, isManager: true }] : []));
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const nameProblem = name.trim() ? undefined : 'Give the group a name.';
  const managerProblem = members.some((m) => m.isManager) ? undefined : 'A group needs at least one manager: tick Manager for someone.';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (nameProblem || managerProblem) return;
    setBusy(true);
    setError(null);
    try {
      onCreated(await call(window.tessera.groups.create({ name: name.trim(), members: [...members] })));
    } catch (err) {
      setBusy(false);
      setError(orgSentence(err));
    }
  };

  return (
    <Dialog title="New group" onClose={onClose} busy={busy}>
      <form className="dialog-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="dialog-body">
          <NameField value={name} onChange={setName} error={checked ? nameProblem : undefined} />
          <div className="form-field">
            <span className="label">Members</span>
            <Combobox<Person>
              label="Add a member"
              placeholder="Add people by name or email"
              search={(q) => searchPeople(q, new Set(members.map((m) => m.userId)))}
              renderOption={(p) => <PersonOption person={p} />}
              onPick={(p) => setMembers([...members, { userId: p.id, isManager: false }])}
            />
            <ul className="draft-members" aria-label="New members">
              {members.map((m) => {
                const person = personById(people, m.userId);
                const shown = person ? personName(person) : 'Unknown person';
                return (
                  <li key={m.userId} className="draft-member">
                    <Untrusted value={shown} className="draft-member-name" />
                    {m.userId === me ? <span className="muted">(you)</span> : null}
                    <label className="draft-manager">
                      <input type="checkbox" checked={m.isManager}
                        onChange={(e) => setMembers(members.map((x) => (x.userId === m.userId ? { ...x, isManager: e.target.checked } : x)))} />
                      Manager
                    </label>
                    <button type="button" className="icon-button" aria-label={`Remove ${visible(shown, 60)}`}
                      onClick={() => setMembers(members.filter((x) => x.userId !== m.userId))}>
                      <CloseIcon size={14} />
                    </button>
                  </li>
                );
              })}
            </ul>
            {checked && managerProblem ? <p className="field-error field-error-below">{managerProblem}</p> : null}
            <p className="hint">Managers add and remove members. You can add more people once the group exists.</p>
          </div>
          {error ? <p className="form-error" role="alert">{error}</p> : null}
        </div>
        <footer className="dialog-footer">
          <button type="button" className="button button-quiet" onClick={onClose} disabled={busy}>Cancel</button>
          <button type="submit" className="button button-primary" disabled={busy}>{busy ? 'Creating…' : 'Create group'}</button>
        </footer>
      </form>
    </Dialog>
  );
}

export function RenameGroupDialog({ group, onClose, onRenamed }: { readonly group: Group; readonly onClose: () => void; readonly onRenamed: (group: Group) => void }) {
  const [name, setName] = useState(group.name);
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const problem = name.trim() ? undefined : 'Give the group a name.';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (problem) return;
    if (name.trim() === group.name) {
      onClose();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onRenamed(await call(window.tessera.groups.rename({ groupId: group.id, name: name.trim() })));
    } catch (err) {
      setBusy(false);
      setError(orgSentence(err));
    }
  };

  return (
    <Dialog title="Rename group" onClose={onClose} size="narrow" busy={busy}>
      <form className="dialog-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="dialog-body">
          <NameField value={name} onChange={setName} error={checked ? problem : undefined} />
          {error ? <p className="form-error" role="alert">{error}</p> : null}
        </div>
        <footer className="dialog-footer">
          <button type="button" className="button button-quiet" onClick={onClose} disabled={busy}>Cancel</button>
          <button type="submit" className="button button-primary" disabled={busy}>{busy ? 'Saving…' : 'Rename'}</button>
        </footer>
      </form>
    </Dialog>
  );
}

/** A yes/no question whose answer runs something that may be refused; the refusal is shown in the dialog. */
export function ConfirmGroupAction({ title, children, confirm, confirmLabel, busyLabel, onClose, onDone }: {
  readonly title: string;
  readonly children: ReactNode;
  readonly confirm: () => Promise<unknown>;
  readonly confirmLabel: string;
  readonly busyLabel: string;
  readonly onClose: () => void;
  readonly onDone: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const describedBy = useId();
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await confirm();
      onDone();
    } catch (err) {
      setBusy(false);
      setError(orgSentence(err));
    }
  };
  return (
    <Dialog title={title} onClose={onClose} size="narrow" describedBy={describedBy} busy={busy}>
      <div className="dialog-body">
        <p id={describedBy}>{children}</p>
        {error ? <p className="form-error" role="alert">{error}</p> : null}
      </div>
      <footer className="dialog-footer">
        <button type="button" className="button button-quiet" onClick={onClose} disabled={busy} data-autofocus>Cancel</button>
        <button type="button" className="button button-danger" onClick={() => void run()} disabled={busy}>{busy ? busyLabel : confirmLabel}</button>
      </footer>
    </Dialog>
  );
}
