// State of the first screen: what app.info answered, and why the vault was last locked.
import { create } from 'zustand';
import type { AppInfo, EventPayload, IpcError } from '../../common/ipc';

export type LockReason = EventPayload<'session.locked'>['reason'];

export type AppInfoState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly info: AppInfo; readonly lockReason: LockReason | null }
  | { readonly status: 'failed'; readonly error: IpcError };

interface AppInfoStore {
  readonly state: AppInfoState;
  load(): Promise<void>;
  /** Main locked the vault: show the lock screen whatever was on screen before. */
  locked(reason: LockReason): void;
}

export const useAppInfoStore = create<AppInfoStore>()((set, get) => ({
  state: { status: 'loading' },
  async load() {
    const result = await window.tessera.app.info();
    set({ state: result.ok ? { status: 'ready', info: result.value, lockReason: null } : { status: 'failed', error: result.error } });
  },
  locked(reason) {
    const { state } = get();
    if (state.status === 'ready') set({ state: { ...state, info: { ...state.info, locked: true }, lockReason: reason } });
  },
}));
