// Which view fills the window beside the sidebar: the vault, or one of the other views. Locking goes back to the
// vault (reset.ts).
import { create } from 'zustand';

export type View = 'vault' | 'groups' | 'admin' | 'settings';

interface ViewState {
  readonly view: View;
  show(view: View): void;
}

export const useViewStore = create<ViewState>()((set) => ({
  view: 'vault',
  show: (view) => set({ view }),
}));
