// Changing the passphrase of the signed-in account, from the account menu: the current one, then a new one judged
// live against the organisation's policy (below the required minimum or found in a breach: refused; below the
// recommended minimum, or the breach check unreachable: a warning only), typed twice. Main re-encrypts the private
// key on this computer and applies the policy again.
import { useId, useState, type FormEvent } from 'react';
import type { AccountView } from '../../../common/ipc';
import { call, codeOf, sentence } from '../api';
import { useFollowedPolicy } from '../hooks/use-followed-policy';
import { useToastStore } from '../stores/toast.store';
import { Dialog } from './dialog';
import { PassphraseField } from './passphrase-field';
import { PassphraseMeter, usePassphraseVerdict } from './passphrase-meter';

export function ChangePassphraseDialog({ account, onClose }: { readonly account: AccountView; readonly onClose: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { policy, error: policyError, reload } = useFollowedPolicy(() => call(window.tessera.policy.current()));
  const { verdict, pending, error: meterError } = usePassphraseVerdict(next, policy);
  const meterId = useId();
  const mismatch = confirm !== '' && confirm !== next;
  const blocked = verdict !== null && !verdict.allowed;
  const ready = current !== '' && next !== '' && confirm === next && verdict !== null && verdict.allowed;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready) {
      setError(current === '' ? 'Enter your current passphrase.' : next === '' ? 'Choose a new passphrase.'
        : confirm !== next ? 'The two new passphrases are not the same.'
          : blocked ? 'Your organisation’s policy does not accept this passphrase. Make it longer or less common.' : 'Wait for the check to finish.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await call(window.tessera.account.changePassphrase({ accountId: account.id, oldPassphrase: current, newPassphrase: next }));
      setCurrent('');
      setNext('');
      setConfirm('');
      onClose();
      useToastStore.getState().show('Passphrase changed', {
        detail: 'A recovery kit saved before still opens with the old passphrase: save it again from the account menu.',
        ms: 9000,
      });
    } catch (err) {
      setBusy(false);
      setError(sentence(err));
      // Refused under a policy the window had not seen yet: show the one main applied.
      if (codeOf(err) === 'POLICY_VIOLATION') void reload();
    }
  };

  return (
    <Dialog title="Change passphrase" onClose={onClose} busy={busy} describedBy="change-passphrase-explanation">
      <form className="dialog-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="dialog-body">
          <p className="hint" id="change-passphrase-explanation">
            Your key is encrypted again on this computer; nothing secret is sent. Other computers where you use this
            account keep the old passphrase until you sign in there with the new recovery kit.
          </p>
          <PassphraseField label="Current passphrase" value={current} onChange={setCurrent} autoFocus disabled={busy} />
          <PassphraseField label="New passphrase" value={next} onChange={setNext} describedBy={meterId} disabled={busy} />
          {policy ? (
            <PassphraseMeter id={meterId} verdict={verdict} pending={pending} error={meterError} policy={policy} />
          ) : (
            <p className="hint meter" id={meterId} role="status">{policyError ?? 'Reading your organisation’s policy…'}</p>
          )}
          <PassphraseField label="Confirm new passphrase" value={confirm} onChange={setConfirm} invalid={mismatch} disabled={busy} />
          {mismatch ? <p className="field-error">The two new passphrases are not the same yet.</p> : null}
          {error ? <p className="form-error" role="alert">{error}</p> : null}
        </div>
        <footer className="dialog-footer">
          <button type="button" className="button button-quiet" onClick={onClose} disabled={busy}>Cancel</button>
          <button type="submit" className="button button-primary" disabled={busy || blocked} aria-disabled={!ready}>
            {busy ? 'Changing…' : 'Change passphrase'}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
