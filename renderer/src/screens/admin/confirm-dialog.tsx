// A yes/no question before a change that affects someone else. The confirm action runs here so the dialog can
// show it is working, and say why it failed without closing.
import { useState, type ReactNode } from 'react';
import { sentence } from '../../api';
import { Dialog } from '../../components/dialog';

export function ConfirmDialog({ title, confirm, busyLabel, danger = false, onConfirm, onClose, children }: {
  readonly title: string;
  readonly confirm: string;
  readonly busyLabel: string;
  readonly danger?: boolean;
  readonly onConfirm: () => Promise<void>;
  readonly onClose: () => void;
  readonly children: ReactNode;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
    } catch (e) {
      setBusy(false);
      setError(sentence(e));
    }
  };
  return (
    <Dialog title={title} onClose={onClose} size="narrow" busy={busy}>
      <div className="dialog-body">
        {children}
        {error ? <p className="form-error" role="alert">{error}</p> : null}
      </div>
      <footer className="dialog-footer">
        <button type="button" className="button button-quiet" onClick={onClose} disabled={busy} data-autofocus>Cancel</button>
        <button type="button" className={danger ? 'button button-danger' : 'button button-primary'} onClick={() => void run()} disabled={busy}>
          {busy ? busyLabel : confirm}
        </button>
      </footer>
    </Dialog>
  );
}
