// What the status bar shows about syncing: main's sync status, the progress of a running sync.
import { create } from 'zustand';
import type { EventPayload, SyncStatus } from '../../../common/ipc';
import { call, sentence } from '../api';

type Progress = EventPayload<'sync.progress'>;

interface SyncState {
  readonly status: SyncStatus | null;
  readonly progress: Progress | null;
  /** A Retry the user pressed failed before main could report a state. */
  readonly retryError: string | null;
  load(): Promise<void>;
  statusChanged(status: SyncStatus): void;
  progressed(progress: Progress): void;
  retry(): Promise<void>;
  reset(): void;
}

export const useSyncStore = create<SyncState>()((set) => ({
  status: null,
  progress: null,
  retryError: null,

  async load() {
    try {
      set({ status: await call(window.tessera.sync.status()) });
    } catch {
      // The next sync.status event fills it in.
    }
  },

  statusChanged(status) {
    set({ status, retryError: null, ...(status.state === 'syncing' ? {} : { progress: null }) });
  },

  progressed(progress) {
    set({ progress: progress.phase === 'done' ? null : progress });
  },

  async retry() {
    set({ retryError: null });
    try {
      await call(window.tessera.sync.now());
    } catch (error) {
      // Main publishes offline or error itself; this covers a failure it could not report.
      set((s) => (s.status?.state === 'offline' || s.status?.state === 'error' ? {} : { retryError: sentence(error) }));
    }
  },

  reset() {
    set({ status: null, progress: null, retryError: null });
  },
}));
