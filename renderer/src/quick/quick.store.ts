// The quick-search window's state: the query, the few rows main answered for it, the selection, and the line that
// confirms a copy. Queries go out per keystroke; an answer that arrives after a newer query was sent is dropped.
import { create } from 'zustand';
import type { ResourceRow } from '../../../common/ipc';
import { call, sentence } from '../api';

/** Rows asked for per query: the window shows about eight, the rest is a short scroll away. */
export const QUICK_LIMIT = 50;

export type NoticeTone = 'success' | 'warning' | 'error';

export interface Notice {
  readonly text: string;
  readonly detail: string | null;
  readonly tone: NoticeTone;
  readonly seq: number;
}

interface QuickState {
  readonly query: string;
  readonly rows: readonly ResourceRow[];
  /** How many items match in all; null until main first answered. */
  readonly total: number | null;
  readonly selected: number;
  /** Why the last query failed, as a sentence. */
  readonly error: string | null;
  readonly notice: Notice | null;
  setQuery(query: string): void;
  /** Runs the current query again (an item changed, Retry). */
  refresh(): void;
  /** Resolves once the latest query has answered, so Enter acts on the rows for what was typed. */
  settled(): Promise<void>;
  move(delta: number): void;
  moveTo(index: number): void;
  note(text: string, options?: { detail?: string | null; tone?: NoticeTone }): void;
  /** Back to an empty query with no notice: each time the window is shown, and when the vault locks. */
  reset(options?: { search: boolean }): void;
}

let sent = 0;
let pending: Promise<void> = Promise.resolve();

export const useQuickStore = create<QuickState>()((set, get) => {
  const run = (query: string) => {
    const mine = ++sent;
    pending = call(window.tessera.vault.query({ search: query, sort: 'relevance', offset: 0, limit: QUICK_LIMIT })).then(
      (answer) => {
        if (mine === sent) set({ rows: answer.rows, total: answer.total, selected: 0, error: null });
      },
      (error: unknown) => {
        if (mine === sent) set({ rows: [], total: null, selected: 0, error: sentence(error) });
      },
    );
  };

  return {
    query: '',
    rows: [],
    total: null,
    selected: 0,
    error: null,
    notice: null,

    setQuery(query) {
      set({ query, notice: null });
      run(query);
    },

    refresh() {
      const { rows, selected } = get();
      const keep = rows[selected]?.id;
      const mine = sent + 1;
      run(get().query);
      // A refresh keeps the selected item selected when it is still there.
      void pending.then(() => {
        if (mine !== sent || !keep) return;
        const at = get().rows.findIndex((r) => r.id === keep);
        if (at >= 0) set({ selected: at });
      });
    },

    settled: () => pending,

    move(delta) {
      const { rows, selected } = get();
      if (rows.length === 0) return;
      set({ selected: Math.min(rows.length - 1, Math.max(0, selected + delta)) });
    },

    moveTo(index) {
      const { rows } = get();
      if (rows.length === 0) return;
      set({ selected: Math.min(rows.length - 1, Math.max(0, index)) });
    },

    note(text, options = {}) {
      set((s) => ({ notice: { text, detail: options.detail ?? null, tone: options.tone ?? 'success', seq: (s.notice?.seq ?? 0) + 1 } }));
    },

    reset(options = { search: true }) {
      set({ query: '', notice: null, selected: 0, error: null, ...(options.search ? {} : { rows: [], total: null }) });
      if (options.search) run('');
      else sent += 1; // whatever is still on its way belongs to the vault that was just locked
    },
  };
});
