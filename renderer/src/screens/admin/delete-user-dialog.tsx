// Deleting someone. Main first asks the server whether they can go as they are; where they are the only owner of
// shared items or the only manager of groups, the server refuses until someone takes each over, so this dialog
// asks who (among the others on that item or in that group) before deleting.
import { useEffect, useId, useState } from 'react';
import type { MethodResponse } from '../../../../common/ipc';
import { call, sentence } from '../../api';
import { Dialog } from '../../components/dialog';
import { Untrusted } from '../../components/untrusted';
import { displayName, type UserView } from '../../stores/admin.store';

type Plan = MethodResponse<'admin.planDelete'>;
type Sole = Plan['soleOwnerOf'][number];

function TakeOver({ kind, entry, value, onChange }: {
  readonly kind: 'owner' | 'manager';
  readonly entry: Sole;
  readonly value: string;
  readonly onChange: (id: string) => void;
}) {
  const id = useId();
  const label = kind === 'owner' ? 'New owner of' : 'New manager of';
  return (
    <div className="form-field transfer-row">
      <label htmlFor={id}>
        <span className="visually-hidden">{label} </span>
        <Untrusted value={entry.name || (kind === 'owner' ? 'an item' : 'a group')} />
      </label>
      {entry.candidates.length === 0 ? (
        <p className="field-error field-error-below" id={id}>
          Nobody else this computer knows can take this {kind === 'owner' ? 'item' : 'group'} over. Share it with someone first.
        </p>
      ) : (
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
          {entry.candidates.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
      )}
    </div>
  );
}

export function DeleteUserDialog({ user, onClose, onDeleted }: {
  readonly user: UserView;
  readonly onClose: () => void;
  readonly onDeleted: () => void;
}) {
  const [plan, setPlan] = useState<Plan | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [owners, setOwners] = useState<Record<string, string>>({});
  const [managers, setManagers] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = displayName(user);

  useEffect(() => {
    let live = true;
    call(window.tessera.admin.planDelete({ userId: user.id })).then((p) => {
      if (!live) return;
      setPlan(p);
      // The first one who could take each over is proposed; the administrator can choose another.
      setOwners(Object.fromEntries(p.soleOwnerOf.flatMap((r) => (r.candidates[0] ? [[r.id, r.candidates[0].id]] : []))));
      setManagers(Object.fromEntries(p.soleManagerOf.flatMap((g) => (g.candidates[0] ? [[g.id, g.candidates[0].id]] : []))));
    }, (e: unknown) => live && setLoadError(sentence(e)));
    return () => {
      live = false;
    };
  }, [user.id]);

  const transfers = plan ? plan.soleOwnerOf.length + plan.soleManagerOf.length : 0;
  const blocked = plan !== null && [...plan.soleOwnerOf, ...plan.soleManagerOf].some((e) => e.candidates.length === 0);

  const confirm = async () => {
    if (!plan) return;
    setBusy(true);
    setError(null);
    try {
      await call(window.tessera.admin.deleteUser({
        userId: user.id,
        ...(transfers > 0 ? {
          transfer: {
            owners: plan.soleOwnerOf.map((r) => ({ resourceId: r.id, permissionId: owners[r.id] as string })),
            managers: plan.soleManagerOf.map((g) => ({ groupId: g.id, membershipId: managers[g.id] as string })),
          },
        } : {}),
      }));
      onDeleted();
    } catch (e) {
      setBusy(false);
      setError(sentence(e));
    }
  };

  return (
    <Dialog title="Delete user?" onClose={onClose} size={transfers > 0 ? 'wide' : 'narrow'} busy={busy} describedBy="delete-user-explanation">
      <div className="dialog-body">
        <p id="delete-user-explanation">
          <strong><Untrusted value={name} /></strong> will be removed from the organisation and lose access to everything.
          This cannot be undone; to keep them out for a while, disable them instead.
        </p>
        {plan === null && !loadError ? <p className="hint" role="status" aria-busy="true">Checking what they own and manage…</p> : null}
        {loadError ? <p className="form-error" role="alert">{loadError}</p> : null}
        {plan && transfers > 0 ? (
          <div className="transfer" data-testid="delete-transfer">
            <p className="hint">
              Only they can manage what is below. Choose who takes each over; everyone else keeps the access they have.
            </p>
            {plan.soleOwnerOf.length > 0 ? (
              <fieldset className="transfer-group">
                <legend>Items they alone own</legend>
                {plan.soleOwnerOf.map((r) => (
                  <TakeOver key={r.id} kind="owner" entry={r} value={owners[r.id] ?? ''} onChange={(v) => setOwners((o) => ({ ...o, [r.id]: v }))} />
                ))}
              </fieldset>
            ) : null}
            {plan.soleManagerOf.length > 0 ? (
              <fieldset className="transfer-group">
                <legend>Groups they alone manage</legend>
                {plan.soleManagerOf.map((g) => (
                  <TakeOver key={g.id} kind="manager" entry={g} value={managers[g.id] ?? ''} onChange={(v) => setManagers((m) => ({ ...m, [g.id]: v }))} />
                ))}
              </fieldset>
            ) : null}
          </div>
        ) : null}
        {error ? <p className="form-error" role="alert">{error}</p> : null}
      </div>
      <footer className="dialog-footer">
        <button type="button" className="button button-quiet" onClick={onClose} disabled={busy} data-autofocus>Cancel</button>
        <button type="button" className="button button-danger" onClick={() => void confirm()} disabled={busy || plan === null || blocked}>
          {busy ? 'Deleting…' : transfers > 0 ? 'Transfer and delete' : 'Delete'}
        </button>
      </footer>
    </Dialog>
  );
}
