// The quick-search window while the vault is locked: the passphrase first, then the search. Kept to what fits the
// small window (the account, the passphrase, a remembered passphrase if there is one); everything else is in the
// main window, one button away.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { call, codeOf, sentence } from '../api';
import { PassphraseField } from '../components/passphrase-field';
import { Untrusted } from '../components/untrusted';
import { LockIcon } from '../icons/icons';
import { accountName, serverHost, useSessionStore } from '../stores/session.store';
import { openMainWindow } from './quick-actions';

export function QuickUnlock() {
  const { accounts, accountId, status, chooseAccount, unlocked } = useSessionStore();
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [remembered, setRemembered] = useState(false);
  const errorId = useId();
  const account = accounts.find((a) => a.id === accountId) ?? accounts[0];

  useEffect(() => {
    setRemembered(false);
    if (!account || !status?.rememberAvailable) return;
    let live = true;
    call(window.tessera.session.remembered({ accountId: account.id })).then(
      (r) => live && setRemembered(r.until !== null && r.until > Date.now()),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [account, status?.rememberAvailable]);

  if (!account) return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!passphrase) {
      setError('Enter your passphrase.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await call(window.tessera.session.unlock({ accountId: account.id, passphrase }));
      setPassphrase('');
      await unlocked(result);
    } catch (e) {
      setBusy(false);
      setError(codeOf(e) === 'WRONG_PASSPHRASE' ? 'That passphrase is not right. Check Caps Lock and try again.' : sentence(e));
    }
  };

  const unlockRemembered = async () => {
    setBusy(true);
    setError(null);
    try {
      await unlocked(await call(window.tessera.session.unlockRemembered({ accountId: account.id })));
    } catch (e) {
      setBusy(false);
      setRemembered(false);
      setError(sentence(e));
    }
  };

  return (
    <div className="quick-main">
      <section className="quick-unlock" aria-labelledby="quick-unlock-title">
        <header className="quick-unlock-header">
          <span className="quick-unlock-icon" aria-hidden="true"><LockIcon size={18} /></span>
          <div className="quick-unlock-heading">
            <h1 id="quick-unlock-title" className="quick-unlock-title">Unlock to search your vault</h1>
            {accounts.length > 1 ? null : (
              <p className="quick-unlock-account">
                <Untrusted value={`${accountName(account)} · ${serverHost(account)}`} />
              </p>
            )}
          </div>
        </header>
        <form className="quick-unlock-form" onSubmit={(e) => void submit(e)} noValidate>
          {accounts.length > 1 ? (
            <div className="form-field">
              <label htmlFor="quick-account">Account</label>
              <select id="quick-account" value={account.id} disabled={busy} onChange={(e) => {
                setError(null);
                setPassphrase('');
                chooseAccount(e.target.value);
              }}>
                {accounts.map((a) => <option key={a.id} value={a.id}>{`${accountName(a)} — ${serverHost(a)}`}</option>)}
              </select>
            </div>
          ) : null}
          <PassphraseField label="Passphrase" value={passphrase} onChange={(v) => {
            setPassphrase(v);
            if (error) setError(null);
          }} autoFocus describedBy={error ? errorId : undefined} invalid={error !== null} disabled={busy} />
          {error ? <p className="form-error" id={errorId} role="alert">{error}</p> : null}
          <div className="quick-unlock-actions">
            <button type="button" className="button button-quiet" onClick={openMainWindow}>Open Tessera</button>
            {remembered ? (
              <button type="button" className="button button-secondary" onClick={() => void unlockRemembered()} disabled={busy}>
                Use remembered passphrase
              </button>
            ) : null}
            <button type="submit" className="button button-primary" disabled={busy}>{busy ? 'Unlocking…' : 'Unlock'}</button>
          </div>
        </form>
      </section>
      <footer className="quick-footer" role="note" aria-label="Keyboard shortcuts">
        <span><kbd>↵</kbd> Unlock</span>
        <span className="quick-footer-end"><kbd>Esc</kbd> Close</span>
      </footer>
    </div>
  );
}
