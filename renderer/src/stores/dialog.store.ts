// Which dialog is open over the vault: creating or editing an item, confirming a delete, or sharing an item.
import { create } from 'zustand';

export type DialogState =
  | { readonly kind: 'create' }
  | { readonly kind: 'edit'; readonly id: string }
  | { readonly kind: 'delete'; readonly id: string; readonly name: string }
  | { readonly kind: 'share'; readonly id: string; readonly name: string; readonly permission: 1 | 7 | 15 }
  | null;

interface DialogStore {
  readonly dialog: DialogState;
  open(dialog: Exclude<DialogState, null>): void;
  close(): void;
}

export const useDialogStore = create<DialogStore>()((set) => ({
  dialog: null,
  open: (dialog) => set({ dialog }),
  close: () => set({ dialog: null }),
}));
