// Locking drops every piece of vault state the window holds: rows, selection, query, revealed values, dialogs,
// toasts, sync facts. Main has wiped its decrypted material; nothing of it may linger here.
import { useAdminStore } from './admin.store';
import { useDetailStore } from './detail.store';
import { useDialogStore } from './dialog.store';
import { useGroupsStore } from './groups.store';
import { usePeopleStore } from './people.store';
import { useSyncStore } from './sync.store';
import { useToastStore } from './toast.store';
import { useVaultListStore } from './vault-list.store';
import { useViewStore } from './view.store';

export function resetVaultStores(): void {
  useDialogStore.getState().close();
  useDetailStore.getState().reset();
  useVaultListStore.getState().reset();
  useSyncStore.getState().reset();
  useToastStore.getState().clear();
  useAdminStore.getState().reset();
  useGroupsStore.getState().reset();
  usePeopleStore.getState().reset();
  useViewStore.getState().show('vault');
}
