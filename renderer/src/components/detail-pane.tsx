// The selected item: name, username, password, website, description, who has access, when and by whom it was
// changed; copy, reveal and open buttons; edit, delete and favorite. Values are text, never markup or links.
import { useEffect, useRef, type ReactNode } from 'react';
import type { ResourceDetail } from '../../../common/ipc';
import { call, sentence } from '../api';
import { shiftShortcut, shortcut } from '../hooks/platform';
import { useNow } from '../hooks/use-now';
import { AlertIcon, ChevronLeftIcon, CopyIcon, EditIcon, ExternalIcon, EyeIcon, EyeOffIcon, ShareIcon, StarIcon, TrashIcon, UserIcon, UsersIcon } from '../icons/icons';
import { Logo } from '../icons/logo';
import { copyField, openWebsite } from '../stores/actions';
import { useDetailStore } from '../stores/detail.store';
import { useDialogStore } from '../stores/dialog.store';
import { usePeopleStore } from '../stores/people.store';
import { useSyncStore } from '../stores/sync.store';
import { useToastStore } from '../stores/toast.store';
import { useVaultListStore } from '../stores/vault-list.store';
import { agoIso, fullDate, initial, permissionLabel } from '../text/format';
import { SecretText } from './secret-text';
import { Untrusted } from './untrusted';

function FieldRow({ label, children, actions }: { readonly label: string; readonly children: ReactNode; readonly actions?: ReactNode }) {
  return (
    <div className="field-row">
      <dt className="field-label">{label}</dt>
      <dd className="field-value">{children}</dd>
      {actions ? <dd className="field-actions">{actions}</dd> : null}
    </div>
  );
}

function IconButton({ label, title, onClick, children, pressed, disabled }: {
  readonly label: string;
  readonly title?: string;
  readonly onClick: () => void;
  readonly children: ReactNode;
  readonly pressed?: boolean;
  readonly disabled?: boolean;
}) {
  return (
    <button type="button" className="icon-button" aria-label={label} title={title ?? label} onClick={onClick} aria-pressed={pressed} disabled={disabled}>
      {children}
    </button>
  );
}

function PasswordField({ detail }: { readonly detail: ResourceDetail }) {
  const { password, reveal, hide } = useDetailStore();
  const holder = useRef<HTMLSpanElement>(null);
  // Focus leaving the revealed value (to anything outside its row) hides it again.
  useEffect(() => {
    if (password) holder.current?.focus();
  }, [password]);
  return (
    <FieldRow
      label="password"
      actions={
        <>
          <IconButton label={password ? 'Hide' : 'Reveal'} title={password ? 'Hide password' : 'Reveal password (for 30 s)'} pressed={password !== null} onClick={() => (password ? hide('password') : void reveal('password'))}>
            {password ? <EyeOffIcon /> : <EyeIcon />}
          </IconButton>
          <IconButton label="Copy password" title={`Copy password (${shortcut('C')})`} onClick={() => void copyField(detail, 'password')}>
            <CopyIcon />
          </IconButton>
        </>
      }
    >
      {password ? (
        <span
          ref={holder}
          tabIndex={-1}
          className="revealed"
          onBlur={(e) => {
            if (!e.currentTarget.parentElement?.parentElement?.contains(e.relatedTarget as Node | null)) hide('password');
          }}
        >
          <SecretText value={password.value} label="Password" />
          {password.warning ? <span className="inline-warning"><AlertIcon size={14} /> {password.warning}</span> : null}
        </span>
      ) : (
        <span className="masked" aria-label="Password hidden">
          ••••••••••••
        </span>
      )}
    </FieldRow>
  );
}

function DescriptionField({ detail }: { readonly detail: ResourceDetail }) {
  const { description, reveal, hide } = useDetailStore();
  if (!detail.descriptionEncrypted) {
    return detail.description ? (
      <FieldRow label="notes">
        <Untrusted value={detail.description} multiline />
      </FieldRow>
    ) : null;
  }
  return (
    <FieldRow
      label="notes"
      actions={
        <IconButton label={description ? 'Hide description' : 'Reveal description'} pressed={description !== null} onClick={() => (description ? hide('description') : void reveal('description'))}>
          {description ? <EyeOffIcon /> : <EyeIcon />}
        </IconButton>
      }
    >
      {description ? (
        description.value ? <Untrusted value={description.value} multiline /> : <span className="muted">No notes</span>
      ) : (
        <span className="muted">Encrypted with the password</span>
      )}
    </FieldRow>
  );
}

function Access({ detail }: { readonly detail: ResourceDetail }) {
  if (detail.access.length === 0) return null;
  return (
    <FieldRow label="access">
      <ul className="access-list" aria-label="Who has access">
        {detail.access.map((a) => (
          <li key={`${a.aro}-${a.aroId}`} className="access-item">
            {a.aro === 'Group' ? <UsersIcon size={14} /> : <UserIcon size={14} />}
            {a.aro === 'User' ? (
              // A person's name opens their profile: their key's fingerprint and whether it is verified.
              <button type="button" className="link-button access-name" onClick={() => usePeopleStore.getState().openProfile(a.aroId)}>
                <Untrusted value={a.name} />
              </button>
            ) : <Untrusted value={a.name} className="access-name" />}
            <span className="access-type">{permissionLabel(a.type)}</span>
          </li>
        ))}
      </ul>
    </FieldRow>
  );
}

export function DetailPane({ onBack, headingRef }: { readonly onBack: () => void; readonly headingRef: React.RefObject<HTMLHeadingElement | null> }) {
  const { detail, loading, error, gone, revealError, patch, refresh } = useDetailStore();
  const selectedId = useVaultListStore((s) => s.selectedId);
  const hasItems = useVaultListStore((s) => (s.total ?? 0) > 0);
  const offline = useSyncStore((s) => s.status?.state === 'offline');
  const openDialog = useDialogStore((s) => s.open);
  const now = useNow(30_000);

  if (!selectedId) {
    return (
      <div className="detail-empty">
        <span className="detail-empty-mark"><Logo size={40} /></span>
        {hasItems ? <p>Select an item to see its details.</p> : null}
      </div>
    );
  }
  if (gone) {
    return (
      <div className="detail-empty" role="status">
        <p>This item was deleted or is no longer shared with you.</p>
      </div>
    );
  }
  if (error) {
    return (
      <div className="detail-empty" role="alert">
        <p>{error}</p>
        <button type="button" className="button button-secondary" onClick={() => void refresh()}>Try again</button>
      </div>
    );
  }
  if (loading || !detail) {
    return (
      <div className="detail-empty" aria-busy="true">
        <p className="muted">Loading…</p>
      </div>
    );
  }

  const readOnly = detail.permission === 1 || offline;
  const toggleFavorite = async () => {
    try {
      const row = await call(window.tessera.vault.favorite({ id: detail.id, favorite: !detail.favorite }));
      patch({ favorite: row.favorite });
    } catch (e) {
      useToastStore.getState().show(sentence(e), { tone: 'error' });
    }
  };

  return (
    <article className="detail" aria-labelledby="detail-title">
      <header className="detail-header">
        <button type="button" className="icon-button back-button" aria-label="Back to the list" title="Back (Esc)" onClick={onBack}>
          <ChevronLeftIcon />
        </button>
        <span className="detail-monogram" aria-hidden="true">{initial(detail.name)}</span>
        <h2 id="detail-title" className="detail-title" ref={headingRef} tabIndex={-1}>
          <Untrusted value={detail.name} />
        </h2>
        <button
          type="button"
          className={detail.favorite ? 'icon-button favorite on' : 'icon-button favorite'}
          aria-label="Favorite"
          aria-pressed={detail.favorite}
          title={detail.favorite ? 'Remove from favorites' : 'Add to favorites'}
          onClick={() => void toggleFavorite()}
          disabled={offline}
        >
          <StarIcon filled={detail.favorite} />
        </button>
      </header>

      <div className="detail-toolbar">
        <button type="button" className="button button-secondary button-small" disabled={readOnly} onClick={() => openDialog({ kind: 'edit', id: detail.id })}>
          <EditIcon size={14} /> Edit
        </button>
        <button type="button" className="button button-secondary button-small" disabled={offline}
          title={offline ? 'Sharing needs the server' : `Share (${shiftShortcut('S')})`}
          onClick={() => openDialog({ kind: 'share', id: detail.id, name: detail.name, permission: detail.permission })}>
          <ShareIcon size={14} /> {detail.permission === 15 ? 'Share' : 'Access'}
        </button>
        <button type="button" className="button button-danger-quiet button-small" disabled={readOnly} onClick={() => openDialog({ kind: 'delete', id: detail.id, name: detail.name })}>
          <TrashIcon size={14} /> Delete
        </button>
        {detail.permission === 1 ? (
          <p className="read-only-note">You can read and copy this item but not change it. Ask its owner for edit access.</p>
        ) : offline ? (
          <p className="read-only-note">Changes are possible again once the server can be reached.</p>
        ) : null}
      </div>

      {revealError ? <p className="inline-error" role="alert">{revealError}</p> : null}

      <dl className="fields">
        <FieldRow
          label="username"
          actions={
            <IconButton label="Copy username" title={`Copy username (${shortcut('B')})`} onClick={() => void copyField(detail, 'username')} disabled={!detail.username}>
              <CopyIcon />
            </IconButton>
          }
        >
          {detail.username ? <Untrusted value={detail.username} className="mono-ish" /> : <span className="muted">None</span>}
        </FieldRow>
        <PasswordField detail={detail} />
        <FieldRow
          label="website"
          actions={
            <>
              <IconButton label="Open website" title={`Open in your browser (${shortcut('U')})`} onClick={() => void openWebsite(detail)} disabled={!detail.uri}>
                <ExternalIcon />
              </IconButton>
              <IconButton label="Copy website" onClick={() => void copyField(detail, 'uri')} disabled={!detail.uri}>
                <CopyIcon />
              </IconButton>
            </>
          }
        >
          {detail.uri ? <Untrusted value={detail.uri} /> : <span className="muted">None</span>}
        </FieldRow>
        <DescriptionField detail={detail} />
        <Access detail={detail} />
        <FieldRow label="modified">
          <span className="inline-meta">
            <span title={fullDate(detail.modified)}>{agoIso(detail.modified, now)}</span>
            {detail.modifiedBy ? <><span className="muted">by</span><Untrusted value={detail.modifiedBy} /></> : null}
          </span>
        </FieldRow>
        <FieldRow label="created">
          <span className="inline-meta">
            <span title={fullDate(detail.created)}>{agoIso(detail.created, now)}</span>
            {detail.createdBy ? <><span className="muted">by</span><Untrusted value={detail.createdBy} /></> : null}
          </span>
        </FieldRow>
      </dl>
    </article>
  );
}
