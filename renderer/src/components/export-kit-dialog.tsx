// "Save recovery kit again", from the account menu: the passphrase proves it is the account's owner, then main
// writes the kit (the passphrase-protected private key) through a save dialog. The kit never reaches the window.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AccountView } from '../../../common/ipc';
import { call, sentence } from '../api';
import { CheckIcon, FileIcon } from '../icons/icons';
import { visible } from '../text/untrusted';
import { Dialog } from './dialog';
import { PassphraseField } from './passphrase-field';

export function ExportKitDialog({ account, onClose }: { readonly account: AccountView; readonly onClose: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ saved: boolean; path?: string | undefined } | null>(null);
  const done = useRef<HTMLButtonElement>(null);

  // The field is gone once the kit is saved; the keyboard carries on from Done.
  useEffect(() => {
    if (outcome?.saved) done.current?.focus();
  }, [outcome]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!passphrase) {
      setError('Enter your passphrase.');
      return;
    }
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      const result = await call(window.tessera.account.exportKit({ accountId: account.id, passphrase }));
      setOutcome(result);
      if (result.saved) setPassphrase('');
    } catch (err) {
      setError(sentence(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="Save recovery kit again" onClose={onClose} size="narrow" busy={busy} describedBy="export-kit-explanation">
      <form className="dialog-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="dialog-body">
          <p id="export-kit-explanation">
            The recovery kit lets you sign in to this account on another computer, or here again if this one is lost. It opens
            with your current passphrase; keep it somewhere safe.
          </p>
          {outcome?.saved ? (
            <p className="success-line" role="status" data-testid="kit-saved">
              <CheckIcon /> <span>Saved to <bdi className="path-full">{visible(outcome.path ?? 'the folder you chose', 4096)}</bdi></span>
            </p>
          ) : (
            <PassphraseField label="Passphrase" value={passphrase} onChange={setPassphrase} autoFocus disabled={busy} />
          )}
          {outcome && !outcome.saved ? <p className="hint" role="status">The kit was not saved. Try again when you are ready.</p> : null}
          {error ? <p className="form-error" role="alert">{error}</p> : null}
        </div>
        <footer className="dialog-footer">
          {outcome?.saved ? (
            <button ref={done} type="button" className="button button-primary" onClick={onClose}>Done</button>
          ) : (
            <>
              <button type="button" className="button button-quiet" onClick={onClose} disabled={busy}>Cancel</button>
              <button type="submit" className="button button-primary" disabled={busy}>
                <FileIcon size={14} /> {busy ? 'Saving…' : 'Save recovery kit…'}
              </button>
            </>
          )}
        </footer>
      </form>
    </Dialog>
  );
}
