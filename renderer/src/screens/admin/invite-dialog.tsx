// Inviting someone: their email, name and role. The server creates the account and mails them the link they join
// from; nothing secret is made here (their key is created on their own computer when they join).
import { useId, useState, type FormEvent } from 'react';
import { call, sentence } from '../../api';
import { Dialog } from '../../components/dialog';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function Field({ label, value, onChange, type = 'text', autoFocus, error }: {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly type?: 'text' | 'email';
  readonly autoFocus?: boolean;
  readonly error?: string | undefined;
}) {
  const id = useId();
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type={type === 'email' ? 'text' : type} inputMode={type === 'email' ? 'email' : undefined} value={value}
        maxLength={255} spellCheck={false} autoComplete="off" aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined} {...(autoFocus ? { 'data-autofocus': true } : {})}
        onChange={(e) => onChange(e.target.value)} />
      {error ? <p className="field-error field-error-below" id={`${id}-error`}>{error}</p> : null}
    </div>
  );
}

export function InviteDialog({ onClose, onInvited }: { readonly onClose: () => void; readonly onInvited: (username: string) => void }) {
  const [email, setEmail] = useState('');
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [role, setRole] = useState<'user' | 'admin'>('user');
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const roleId = useId();

  const problems = {
    email: EMAIL.test(email.trim()) ? undefined : 'Enter their email address, e.g. name@example.com.',
    firstName: firstName.trim() ? undefined : 'Enter their first name.',
    lastName: lastName.trim() ? undefined : 'Enter their last name.',
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (problems.email || problems.firstName || problems.lastName) return;
    setBusy(true);
    setError(null);
    try {
      const username = email.trim().toLowerCase();
      await call(window.tessera.admin.invite({ username, firstName: firstName.trim(), lastName: lastName.trim(), role }));
      onInvited(username);
    } catch (err) {
      setBusy(false);
      setError(sentence(err));
    }
  };

  return (
    <Dialog title="Invite user" onClose={onClose} busy={busy} describedBy="invite-explanation">
      <form className="dialog-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="dialog-body">
          <p id="invite-explanation" className="hint">
            Tessera’s server emails them a link. They choose their own passphrase when they join; nobody else ever knows it.
          </p>
          <Field label="Email" type="email" value={email} onChange={setEmail} autoFocus error={checked ? problems.email : undefined} />
          <div className="form-grid">
            <Field label="First name" value={firstName} onChange={setFirstName} error={checked ? problems.firstName : undefined} />
            <Field label="Last name" value={lastName} onChange={setLastName} error={checked ? problems.lastName : undefined} />
          </div>
          <div className="form-field">
            <label htmlFor={roleId}>Role</label>
            <select id={roleId} value={role} onChange={(e) => setRole(e.target.value as 'user' | 'admin')} aria-describedby={`${roleId}-hint`}>
              <option value="user">User</option>
              <option value="admin">Administrator</option>
            </select>
            <p className="hint" id={`${roleId}-hint`}>
              {role === 'admin'
                ? 'Administrators invite and remove people and set the organisation’s policies. They do not see others’ passwords.'
                : 'Users see what is shared with them and what they create.'}
            </p>
          </div>
          {error ? <p className="form-error" role="alert">{error}</p> : null}
        </div>
        <footer className="dialog-footer">
          <button type="button" className="button button-quiet" onClick={onClose} disabled={busy}>Cancel</button>
          <button type="submit" className="button button-primary" disabled={busy}>{busy ? 'Sending…' : 'Send invitation'}</button>
        </footer>
      </form>
    </Dialog>
  );
}
