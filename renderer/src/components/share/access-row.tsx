// One person or group in the share dialog: who (a user's name opens their profile), their key's fingerprint and
// verified mark or warning, and their role, which an owner can change or remove.
import { CloseIcon, UsersIcon } from '../../icons/icons';
import { usePeopleStore, type KeyView } from '../../stores/people.store';
import { initial } from '../../text/format';
import { visible } from '../../text/untrusted';
import { KeyLine, KeyNotice } from '../people/key-facts';
import { Untrusted } from '../untrusted';
import { ROLES, roleLabel, type Role } from './share-draft';

export interface AccessRowProps {
  readonly aro: 'User' | 'Group';
  readonly aroId: string;
  readonly name: string;
  /** The user's email, or a group's member count. */
  readonly sub?: string;
  readonly keyView?: KeyView;
  readonly type: Role;
  readonly isMe?: boolean;
  readonly isNew?: boolean;
  readonly removed?: boolean;
  /** The role differs from the one saved. */
  readonly changed?: boolean;
  readonly readOnly: boolean;
  readonly onRole?: (type: Role) => void;
  readonly onRemove?: () => void;
  readonly onUndo?: () => void;
}

export function AccessRow(p: AccessRowProps) {
  const openProfile = usePeopleStore((s) => s.openProfile);
  const shown = visible(p.name, 60);
  const classes = ['share-row', p.removed ? 'removed' : '', p.isNew ? 'added' : ''].filter(Boolean).join(' ');
  return (
    <li className={classes} aria-label={shown}>
      <span className={p.aro === 'Group' ? 'avatar share-avatar share-avatar-group' : 'avatar share-avatar'} aria-hidden="true">
        {p.aro === 'Group' ? <UsersIcon size={14} /> : initial(p.name)}
      </span>
      <div className="share-who">
        <span className="share-name-line">
          {p.aro === 'User' ? (
            <button type="button" className="share-name link-button" onClick={() => openProfile(p.aroId)} title={`Profile and key of ${shown}`}>
              <Untrusted value={p.name} noTitle />
            </button>
          ) : (
            <span className="share-name"><Untrusted value={p.name} /></span>
          )}
          {p.isMe ? <span className="muted">(you)</span> : null}
          {p.isNew ? <span className="share-tag share-tag-new">New</span> : null}
          {p.changed ? <span className="share-tag">Changed</span> : null}
        </span>
        {p.sub ? <Untrusted value={p.sub} className="share-sub" /> : null}
        {p.keyView && !p.isMe ? <KeyLine keyView={p.keyView} /> : null}
        {p.keyView && !p.isMe && !p.removed ? <KeyNotice keyView={p.keyView} /> : null}
      </div>
      <div className="share-role">
        {p.readOnly ? (
          <span className="access-type">{roleLabel(p.type)}</span>
        ) : p.removed ? (
          <>
            <span className="share-losing">Loses access</span>
            <button type="button" className="button button-quiet button-small" onClick={p.onUndo} aria-label={`Undo removing ${shown}`}>Undo</button>
          </>
        ) : (
          <>
            <select aria-label={`Role of ${shown}`} value={p.type} onChange={(e) => p.onRole?.(Number(e.target.value) as Role)}>
              {ROLES.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
            </select>
            <button type="button" className="icon-button" aria-label={`Remove ${shown}`} title="Remove access" onClick={p.onRemove}>
              <CloseIcon size={14} />
            </button>
          </>
        )}
      </div>
    </li>
  );
}
