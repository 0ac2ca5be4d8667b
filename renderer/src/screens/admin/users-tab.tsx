// The organisation's people: who is active, invited (has not joined yet) or disabled, and their role. Invite
// someone (the server mails them), send an invitation again, disable or enable, delete with a confirmation that
// hands over what they alone own or manage.
import { useEffect, useMemo, useState } from 'react';
import { call, sentence } from '../../api';
import { Untrusted } from '../../components/untrusted';
import { MailIcon, PlusIcon, RefreshIcon, SearchIcon } from '../../icons/icons';
import { displayName, statusOf, useAdminStore, type UserView } from '../../stores/admin.store';
import { useToastStore } from '../../stores/toast.store';
import { initial } from '../../text/format';
import { visible } from '../../text/untrusted';
import { ConfirmDialog } from './confirm-dialog';
import { DeleteUserDialog } from './delete-user-dialog';
import { InviteDialog } from './invite-dialog';

type Open = { kind: 'invite' } | { kind: 'disable'; user: UserView } | { kind: 'delete'; user: UserView } | null;

const STATUS_LABEL = { active: 'Active', invited: 'Invited', disabled: 'Disabled' } as const;

function matches(user: UserView, filter: string): boolean {
  const q = filter.trim().toLowerCase();
  return q === '' || `${user.firstName} ${user.lastName} ${user.username}`.toLowerCase().includes(q);
}

export function UsersTab() {
  const { users, me, loading, error, stale, load, refresh } = useAdminStore();
  const [open, setOpen] = useState<Open>(null);
  const [filter, setFilter] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const toast = useToastStore((s) => s.show);

  useEffect(() => {
    void useAdminStore.getState().load().then(() => useAdminStore.getState().refresh());
  }, []);

  const shown = useMemo(() => (users ?? []).filter((u) => matches(u, filter)), [users, filter]);
  const counts = useMemo(() => {
    const c = { active: 0, invited: 0, disabled: 0 };
    for (const u of users ?? []) c[statusOf(u)] += 1;
    return c;
  }, [users]);

  const act = async (user: UserView, run: () => Promise<unknown>, done: string) => {
    setBusy(user.id);
    try {
      await run();
      toast(done);
      await load();
    } catch (e) {
      toast(sentence(e), { tone: 'error' });
    } finally {
      setBusy(null);
    }
  };

  const resend = (user: UserView) => act(user, () => call(window.tessera.admin.resendInvitation({ userId: user.id })),
    `Invitation sent again to ${visible(user.username, 80)}`);
  const enable = (user: UserView) => act(user, () => call(window.tessera.admin.setDisabled({ userId: user.id, disabled: false })),
    `${visible(displayName(user), 60)} can sign in again`);

  if (users === null) {
    return error ? (
      <div className="view-state" role="alert">
        <p>{error}</p>
        <button type="button" className="button button-secondary" onClick={() => void load()}>Try again</button>
      </div>
    ) : (
      <div className="view-state" role="status" aria-busy="true">Loading people…</div>
    );
  }

  return (
    <div className="admin-users">
      <div className="view-toolbar">
        <div className="search view-filter">
          <SearchIcon className="search-icon" />
          <input type="search" aria-label="Filter people" placeholder="Filter by name or email" value={filter} spellCheck={false}
            autoComplete="off" maxLength={256} onChange={(e) => setFilter(e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Escape' && filter) { e.preventDefault(); e.stopPropagation(); setFilter(''); } }} />
        </div>
        <p className="view-counts" aria-label="People by status">
          {counts.active} active · {counts.invited} invited · {counts.disabled} disabled
        </p>
        <button type="button" className="button button-quiet" onClick={() => void refresh()} disabled={loading} title="Sync with the server">
          <RefreshIcon size={14} /> {loading ? 'Refreshing…' : 'Refresh'}
        </button>
        <button type="button" className="button button-primary" onClick={() => setOpen({ kind: 'invite' })}>
          <PlusIcon size={14} /> Invite user
        </button>
      </div>
      {stale ? (
        <p className="view-note" role="status">The server could not be reached: this is the list as this computer last saw it.</p>
      ) : null}
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      {shown.length === 0 ? (
        <div className="view-state">
          <p>Nobody matches “{visible(filter, 80)}”.</p>
          <button type="button" className="button button-secondary" onClick={() => setFilter('')}>Clear filter</button>
        </div>
      ) : (
        <div className="table-scroll">
          <table className="admin-table" aria-label="People">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col"><span className="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {shown.map((user) => {
                const status = statusOf(user);
                const name = displayName(user);
                const mine = user.id === me;
                return (
                  <tr key={user.id} data-status={status}>
                    <th scope="row" className="cell-name">
                      <span className="avatar avatar-small" aria-hidden="true">{initial(name)}</span>
                      <Untrusted value={name} />
                      {mine ? <span className="badge badge-quiet">You</span> : null}
                    </th>
                    <td className="cell-email"><Untrusted value={user.username} /></td>
                    <td>{user.role === 'admin' ? 'Administrator' : 'User'}</td>
                    <td><span className={`badge badge-${status}`}>{STATUS_LABEL[status]}</span></td>
                    <td className="cell-actions">
                      <div className="row-actions">
                        {status === 'invited' ? (
                          <button type="button" className="button button-quiet button-small" disabled={busy === user.id}
                            aria-label={`Resend invitation to ${visible(name, 80)}`} title="Email the invitation again, with a new link"
                            onClick={() => void resend(user)}>
                            <MailIcon size={14} /> Resend
                          </button>
                        ) : null}
                        {mine ? null : user.disabled ? (
                          <button type="button" className="button button-quiet button-small" disabled={busy === user.id}
                            aria-label={`Enable ${visible(name, 80)}`} onClick={() => void enable(user)}>Enable</button>
                        ) : (
                          <button type="button" className="button button-quiet button-small" disabled={busy === user.id}
                            aria-label={`Disable ${visible(name, 80)}`} onClick={() => setOpen({ kind: 'disable', user })}>Disable</button>
                        )}
                        {mine ? null : (
                          <button type="button" className="button button-danger-quiet button-small" disabled={busy === user.id}
                            aria-label={`Delete ${visible(name, 80)}`} onClick={() => setOpen({ kind: 'delete', user })}>Delete</button>
                        )}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {open?.kind === 'invite' ? (
        <InviteDialog onClose={() => setOpen(null)} onInvited={(username) => {
          setOpen(null);
          toast(`Invitation sent to ${visible(username, 80)}`, { detail: 'They join from the link in the email.' });
          void load();
        }} />
      ) : null}
      {open?.kind === 'disable' ? (
        <ConfirmDialog
          title="Disable this person?"
          confirm="Disable"
          busyLabel="Disabling…"
          onClose={() => setOpen(null)}
          onConfirm={async () => {
            await call(window.tessera.admin.setDisabled({ userId: open.user.id, disabled: true }));
            setOpen(null);
            toast(`${visible(displayName(open.user), 60)} is disabled`);
            await load();
          }}
        >
          <p>
            <strong><Untrusted value={displayName(open.user)} /></strong> will no longer be able to sign in. What they can
            reach stays as it is, and you can enable them again at any time.
          </p>
        </ConfirmDialog>
      ) : null}
      {open?.kind === 'delete' ? (
        <DeleteUserDialog user={open.user} onClose={() => setOpen(null)} onDeleted={() => {
          setOpen(null);
          toast(`${visible(displayName(open.user), 60)} was deleted`);
          void load();
        }} />
      ) : null}
    </div>
  );
}
