// Who has access to an item, and changing it. Owners change roles, remove people and groups, and add new ones from
// a search; before anything is applied, the server's dry run says who gains and who loses access. Applying encrypts
// the secret for everyone who gains it (progress, with Cancel until the final request). Everyone else sees the same
// list read-only.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { call, codeOf, sentence } from '../../api';
import { useBulkOperation } from '../../hooks/use-bulk-operation';
import { UsersIcon } from '../../icons/icons';
import { useDetailStore } from '../../stores/detail.store';
import { useDialogStore } from '../../stores/dialog.store';
import { personById, personName, usePeopleStore } from '../../stores/people.store';
import { useToastStore } from '../../stores/toast.store';
import { useVaultListStore } from '../../stores/vault-list.store';
import { initial } from '../../text/format';
import { orgSentence } from '../../text/org-errors';
import { visible } from '../../text/untrusted';
import { BulkProgressBar } from '../bulk-progress';
import { Dialog } from '../dialog';
import { Combobox } from '../people/combobox';
import { KeyLine } from '../people/key-facts';
import { Untrusted } from '../untrusted';
import { AccessRow } from './access-row';
import {
  add, changesOf, dropAddition, emptyDraft, isOffered, remove, setAddedRole, setRole, undoRemove,
  type AroMatch, type Draft, type Permission, type Role,
} from './share-draft';
import { ShareSummary, type Simulation } from './share-summary';
import '../../sharing.css';

type Phase = 'edit' | 'review' | 'applying';

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

function MatchOption({ match }: { readonly match: AroMatch }) {
  return (
    <span className="match">
      <span className={match.kind === 'group' ? 'avatar share-avatar share-avatar-group' : 'avatar share-avatar'} aria-hidden="true">
        {match.kind === 'group' ? <UsersIcon size={14} /> : initial(match.name)}
      </span>
      <span className="match-text">
        <Untrusted value={match.name} className="match-name" noTitle />
        <span className="match-sub">
          {match.kind === 'group' ? `Group · ${plural(match.userCount ?? 0, 'member', 'members')}` : <Untrusted value={match.username ?? ''} noTitle />}
        </span>
        {match.key ? <KeyLine keyView={match.key} /> : null}
      </span>
    </span>
  );
}

export function ShareDialog({ id, name, permission }: { readonly id: string; readonly name: string; readonly permission: Role }) {
  const close = useDialogStore((s) => s.close);
  const people = usePeopleStore((s) => s.people);
  const me = usePeopleStore((s) => s.me);
  const [permissions, setPermissions] = useState<readonly Permission[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [phase, setPhase] = useState<Phase>('edit');
  const [simulation, setSimulation] = useState<Simulation | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const operation = useBulkOperation();
  const owner = permission === 15;
  const loaded = permissions !== null;
  const applyRef = useRef<HTMLButtonElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);

  // Each step puts the keyboard where the next action is: Apply on the summary, the search back in editing.
  useEffect(() => {
    if (phase === 'review') applyRef.current?.focus();
    else if (phase === 'edit') bodyRef.current?.querySelector<HTMLElement>('[role="combobox"]')?.focus();
  }, [phase, loaded]);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const [{ permissions: list }] = await Promise.all([call(window.tessera.share.permissions({ resourceId: id })), usePeopleStore.getState().load()]);
      setPermissions([...list].sort((a, b) => b.type - a.type || a.name.localeCompare(b.name)));
    } catch (e) {
      setLoadError(sentence(e));
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  const changes = useMemo(() => (permissions ? changesOf(permissions, draft) : []), [permissions, draft]);

  const edit = (next: Draft) => {
    setDraft(next);
    setError(null);
    setNotice(null);
  };

  const search = useCallback(async (query: string) => {
    const { matches } = await call(window.tessera.share.search({ search: query }));
    return matches.filter((m) => isOffered(draft, permissions ?? [], m));
  }, [draft, permissions]);

  const review = async () => {
    setChecking(true);
    setError(null);
    setNotice(null);
    try {
      setSimulation(await call(window.tessera.share.simulate({ resourceId: id, changes })));
      setPhase('review');
    } catch (e) {
      setError(orgSentence(e));
    } finally {
      setChecking(false);
    }
  };

  const apply = async () => {
    setPhase('applying');
    setError(null);
    setNotice(null);
    try {
      const result = await operation.run((operationId) => window.tessera.share.apply({ resourceId: id, changes, operationId }));
      close();
      const parts = [
        result.addedUsers > 0 ? `${plural(result.addedUsers, 'person gains', 'people gain')} access` : '',
        result.removedUsers > 0 ? `${plural(result.removedUsers, 'person loses', 'people lose')} access` : '',
      ].filter(Boolean);
      useToastStore.getState().show(
        result.stillVisible ? `Access to ${visible(name, 60)} updated` : `You no longer have access to ${visible(name, 60)}`,
        { detail: parts.join(', ') || null },
      );
      if (useDetailStore.getState().id === id) void useDetailStore.getState().refresh();
      void useVaultListStore.getState().changed();
    } catch (e) {
      setPhase('review');
      if (codeOf(e) === 'CANCELLED') setNotice('Cancelled. Nothing was changed on the server.');
      else setError(orgSentence(e));
      // A refused key may have changed since the directory was read.
      if (codeOf(e) === 'KEY_CHANGED') void usePeopleStore.getState().load();
    }
  };

  const userRow = (aroId: string, fallbackName: string) => {
    const person = personById(people, aroId);
    return { name: person ? personName(person) : fallbackName, sub: person?.username, keyView: person?.key };
  };

  let body;
  if (loadError) {
    body = (
      <div className="share-state" role="alert">
        <p>{loadError}</p>
        <button type="button" className="button button-secondary" onClick={() => void load()}>Try again</button>
      </div>
    );
  } else if (!permissions) {
    body = <p className="share-state muted" aria-busy="true">Loading who has access…</p>;
  } else if (phase !== 'edit' && simulation) {
    const addedKeys = simulation.added.map((a) => ({
      name: a.name, keyView: personById(people, a.userId)?.key ?? draft.additions.find((x) => x.aroId === a.userId)?.key,
    }));
    body = (
      <>
        <ShareSummary simulation={simulation} changes={changes.length} newKeys={addedKeys} />
        {phase === 'applying' ? (
          <BulkProgressBar operation={operation} counting="people" label={`Sharing with ${plural(simulation.added.length, 'person', 'people')}`} />
        ) : null}
      </>
    );
  } else {
    body = (
      <>
        {owner ? (
          <Combobox<AroMatch>
            label="Add people or groups"
            placeholder="Add people or groups by name or email"
            search={search}
            renderOption={(m) => <MatchOption match={m} />}
            onPick={(m) => edit(add(draft, permissions, m))}
            emptyText="No person or group matches."
            autoFocus
          />
        ) : (
          <p className="share-note">Only an owner of this item can change who has access to it.</p>
        )}
        <ul className="share-list" aria-label="Who has access">
          {permissions.map((p) => {
            const edit_ = draft.edits.get(p.permissionId);
            const who = p.aro === 'User' ? userRow(p.aroId, p.name) : { name: p.name, sub: 'Group', keyView: undefined };
            return (
              <AccessRow
                key={p.permissionId}
                aro={p.aro}
                aroId={p.aroId}
                {...who}
                keyView={who.keyView ?? p.key}
                type={edit_ === undefined || edit_ === 'remove' ? p.type : edit_}
                isMe={p.aroId === me}
                removed={edit_ === 'remove'}
                changed={edit_ !== undefined && edit_ !== 'remove'}
                readOnly={!owner}
                onRole={(type) => edit(setRole(draft, p, type))}
                onRemove={() => edit(remove(draft, p))}
                onUndo={() => edit(undoRemove(draft, p))}
              />
            );
          })}
          {draft.additions.map((a) => {
            const who = a.aro === 'User' ? userRow(a.aroId, a.name) : { name: a.name, sub: `Group · ${plural(a.userCount ?? 0, 'member', 'members')}`, keyView: undefined };
            return (
              <AccessRow
                key={a.aroId}
                aro={a.aro}
                aroId={a.aroId}
                {...who}
                sub={who.sub ?? a.username}
                keyView={who.keyView ?? a.key}
                type={a.type}
                isNew
                readOnly={false}
                onRole={(type) => edit(setAddedRole(draft, a.aroId, type))}
                onRemove={() => edit(dropAddition(draft, a.aroId))}
              />
            );
          })}
        </ul>
      </>
    );
  }

  return (
    <Dialog title={owner ? 'Share' : 'Who has access'} onClose={close} size="large" busy={phase === 'applying'}>
      <div className="dialog-body share" ref={bodyRef}>
        <p className="share-item">
          <span className="muted">{owner ? 'Sharing' : 'Access to'}</span> <strong><Untrusted value={name} /></strong>
        </p>
        {body}
        {error ? <p className="form-error" role="alert" data-testid="share-error">{error}</p> : null}
        {notice ? <p className="share-notice" role="status">{notice}</p> : null}
      </div>
      <footer className="dialog-footer">
        {!owner || !permissions ? (
          <button type="button" className="button button-quiet" onClick={close} data-autofocus={owner ? undefined : true}>Close</button>
        ) : phase === 'edit' ? (
          <>
            <span className="share-pending">{changes.length > 0 ? plural(changes.length, 'change', 'changes') : 'No changes yet'}</span>
            <button type="button" className="button button-quiet" onClick={close}>Cancel</button>
            <button type="button" className="button button-primary" onClick={() => void review()} disabled={changes.length === 0 || checking}>
              {checking ? 'Checking…' : 'Review changes'}
            </button>
          </>
        ) : (
          <>
            <button type="button" className="button button-quiet" onClick={() => setPhase('edit')} disabled={phase === 'applying'}>Back</button>
            <button type="button" className="button button-primary" onClick={() => void apply()} disabled={phase === 'applying'} ref={applyRef}>
              {phase === 'applying' ? 'Applying…' : 'Apply changes'}
            </button>
          </>
        )}
      </footer>
    </Dialog>
  );
}
