// Confirms a delete, naming the item; deleting removes it for everyone who has access.
import { useState } from 'react';
import { call, sentence } from '../api';
import { useDetailStore } from '../stores/detail.store';
import { useDialogStore } from '../stores/dialog.store';
import { useToastStore } from '../stores/toast.store';
import { useVaultListStore } from '../stores/vault-list.store';
import { visible } from '../text/untrusted';
import { Dialog } from './dialog';
import { Untrusted } from './untrusted';

export function DeleteDialog({ id, name }: { readonly id: string; readonly name: string }) {
  const close = useDialogStore((s) => s.close);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await call(window.tessera.vault.delete({ id }));
      close();
      useToastStore.getState().show(`Deleted ${visible(name, 60)}`);
      const list = useVaultListStore.getState();
      const index = list.selectedIndex;
      list.select(null, -1);
      await useDetailStore.getState().show(null);
      await list.changed();
      // The next item takes the deleted one's place, so the keyboard user stays where they were.
      if (index >= 0) await useVaultListStore.getState().selectIndex(index);
    } catch (e) {
      setBusy(false);
      setError(sentence(e));
    }
  };

  return (
    <Dialog title="Delete item?" onClose={close} size="narrow" describedBy="delete-explanation" busy={busy}>
      <div className="dialog-body">
        <p id="delete-explanation">
          <strong><Untrusted value={name} /></strong> will be deleted for everyone who has access to it. This cannot be undone.
        </p>
        {error ? <p className="form-error" role="alert">{error}</p> : null}
      </div>
      <footer className="dialog-footer">
        <button type="button" className="button button-quiet" onClick={close} disabled={busy} data-autofocus>Cancel</button>
        <button type="button" className="button button-danger" onClick={() => void confirm()} disabled={busy}>{busy ? 'Deleting…' : 'Delete'}</button>
      </footer>
    </Dialog>
  );
}
