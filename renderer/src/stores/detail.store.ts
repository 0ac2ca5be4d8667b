// The detail pane's view state: the selected item's metadata, and a revealed password or description while the
// user looks at it. A revealed value is dropped after 30 s, when focus leaves it, on hide and on lock.
import { create } from 'zustand';
import type { ResourceDetail } from '../../../common/ipc';
import { call, codeOf, sentence } from '../api';

export const REVEAL_MS = 30_000;

export interface Revealed {
  readonly value: string;
  readonly warning: string | null;
}

interface DetailState {
  readonly id: string | null;
  readonly detail: ResourceDetail | null;
  readonly loading: boolean;
  readonly error: string | null;
  /** The item no longer exists (deleted here or elsewhere). */
  readonly gone: boolean;
  readonly password: Revealed | null;
  readonly description: Revealed | null;
  readonly revealError: string | null;

  show(id: string | null): Promise<void>;
  /** Reads the shown item again (it changed in main). */
  refresh(): Promise<void>;
  reveal(field: 'password' | 'description'): Promise<void>;
  hide(field: 'password' | 'description'): void;
  /** The favorite star changed here; main answered with the new row. */
  patch(changes: Partial<ResourceDetail>): void;
  reset(): void;
}

const timers: Partial<Record<'password' | 'description', ReturnType<typeof setTimeout>>> = {};

function clearTimer(field: 'password' | 'description'): void {
  const timer = timers[field];
  if (timer !== undefined) clearTimeout(timer);
  delete timers[field];
}

const empty = { id: null, detail: null, loading: false, error: null, gone: false, password: null, description: null, revealError: null };

export const useDetailStore = create<DetailState>()((set, get) => ({
  ...empty,

  async show(id) {
    if (id === get().id && (get().detail || get().loading)) return;
    clearTimer('password');
    clearTimer('description');
    set({ ...empty, id, loading: id !== null });
    if (id === null) return;
    await get().refresh();
  },

  async refresh() {
    const id = get().id;
    if (!id) return;
    try {
      const detail = await call(window.tessera.vault.get({ id }));
      if (get().id === id) set({ detail, loading: false, error: null, gone: false });
    } catch (error) {
      if (get().id !== id) return;
      if (codeOf(error) === 'NOT_FOUND') set({ ...empty, id, gone: true });
      else set({ loading: false, error: sentence(error) });
    }
  },

  async reveal(field) {
    const id = get().id;
    if (!id) return;
    set({ revealError: null });
    try {
      const answer = await call(window.tessera.secret.reveal({ resourceId: id, field }));
      if (get().id !== id) return;
      clearTimer(field);
      timers[field] = setTimeout(() => get().hide(field), REVEAL_MS);
      set({ [field]: { value: answer.value, warning: answer.flagged ? (answer.warning ?? 'This secret could not be verified.') : null } });
    } catch (error) {
      if (get().id === id) set({ revealError: sentence(error) });
    }
  },

  hide(field) {
    clearTimer(field);
    set({ [field]: null });
  },

  patch(changes) {
    const detail = get().detail;
    if (detail) set({ detail: { ...detail, ...changes } });
  },

  reset() {
    clearTimer('password');
    clearTimer('description');
    set(empty);
  },
}));
