// The list's view state: the query (search text, filter, sort), the rows around the viewport, the selection.
// Main answers each query with one window of rows and the result's size; this store keeps a few windows
// (pages of 100 rows keyed by their offset) and forgets the ones far from the viewport, so it holds a screenful
// or two of a 100,000-item vault, never the vault.
import { create } from 'zustand';
import type { ResourceRow, VaultFilterView } from '../../../common/ipc';
import { call, sentence } from '../api';

export const PAGE_SIZE = 100;
/** Pages kept at once: the viewport, its overscan, and a little history for scrolling back. */
const MAX_PAGES = 8;

export type ListSort = 'name' | 'modified';

export interface Group {
  readonly id: string;
  readonly name: string;
}

interface ListState {
  readonly search: string;
  readonly filter: VaultFilterView;
  readonly sort: ListSort;
  /** Bumped by every new query; answers for an older one are dropped. */
  readonly generation: number;
  /** Size of the whole result; null until the first answer. */
  readonly total: number | null;
  readonly pages: ReadonlyMap<number, readonly ResourceRow[]>;
  readonly error: string | null;
  readonly selectedId: string | null;
  /** Where the selection sits in the current result; -1 when it is not part of it. */
  readonly selectedIndex: number;
  /** Asks the list to bring a row into view; `seq` makes a repeated request for the same row count. */
  readonly scrollRequest: { readonly index: number; readonly seq: number } | null;
  readonly groups: readonly Group[];

  open(): Promise<void>;
  setSearch(search: string): void;
  setFilter(filter: VaultFilterView): void;
  setSort(sort: ListSort): void;
  /** The viewport shows rows start..end (inclusive): fetch what is missing around them. */
  ensureRange(start: number, end: number): void;
  selectIndex(index: number): Promise<void>;
  select(id: string | null, index: number): void;
  /** Items changed in main: fetch the visible rows again and find the selection anew. */
  changed(): Promise<void>;
  /** An item was created or edited here: select it where it now sits. */
  reveal(id: string): Promise<void>;
  retry(): void;
  reset(): void;
}

const initial = {
  search: '',
  filter: { kind: 'all' } as VaultFilterView,
  sort: 'name' as ListSort,
  generation: 0,
  total: null,
  pages: new Map<number, readonly ResourceRow[]>(),
  error: null,
  selectedId: null,
  selectedIndex: -1,
  scrollRequest: null,
  groups: [] as readonly Group[],
};

// Requests in flight, by generation and offset, so scrolling does not ask twice for one page.
const inflight = new Set<string>();
let visibleRange: readonly [number, number] = [0, 40];
let scrollSeq = 0;

function querySpec(s: Pick<ListState, 'search' | 'filter' | 'sort'>) {
  const search = s.search.trim();
  // While text is typed the best match comes first; without text the chosen order applies.
  return { search, filter: s.filter, sort: search ? ('relevance' as const) : s.sort, ...(s.sort === 'modified' && !search ? { direction: 'desc' as const } : {}) };
}

export function rowAt(pages: ReadonlyMap<number, readonly ResourceRow[]>, index: number): ResourceRow | undefined {
  const start = Math.floor(index / PAGE_SIZE) * PAGE_SIZE;
  return pages.get(start)?.[index - start];
}

export const useVaultListStore = create<ListState>()((set, get) => {
  /** Fetches one page for the current generation and stores it (with the total) if still current. */
  async function fetchPage(offset: number, generation: number): Promise<void> {
    const key = `${generation}:${offset}`;
    if (inflight.has(key)) return;
    inflight.add(key);
    try {
      const answer = await call(window.tessera.vault.query({ ...querySpec(get()), offset, limit: PAGE_SIZE }));
      if (get().generation !== generation) return;
      const pages = new Map(get().pages);
      pages.set(offset, answer.rows);
      set({ pages: trim(pages), total: answer.total, error: null });
    } catch (error) {
      if (get().generation === generation) set({ error: sentence(error) });
    } finally {
      inflight.delete(key);
    }
  }

  /** Drops the pages farthest from the viewport once more than MAX_PAGES are held. */
  function trim(pages: Map<number, readonly ResourceRow[]>): Map<number, readonly ResourceRow[]> {
    if (pages.size <= MAX_PAGES) return pages;
    const centre = (visibleRange[0] + visibleRange[1]) / 2;
    const byDistance = [...pages.keys()].sort((a, b) => Math.abs(b + PAGE_SIZE / 2 - centre) - Math.abs(a + PAGE_SIZE / 2 - centre));
    for (const offset of byDistance.slice(0, pages.size - MAX_PAGES)) pages.delete(offset);
    return pages;
  }

  function pagesFor(start: number, end: number): number[] {
    const first = Math.max(0, Math.floor(start / PAGE_SIZE) * PAGE_SIZE);
    const offsets: number[] = [];
    for (let offset = first; offset <= Math.max(first, end); offset += PAGE_SIZE) offsets.push(offset);
    return offsets;
  }

  /** Where the selection sits in the current result; optionally scrolls it into view. */
  async function locate(generation: number, scroll: boolean): Promise<void> {
    const { selectedId } = get();
    if (!selectedId) return;
    try {
      const { index } = await call(window.tessera.vault.position({ id: selectedId, ...querySpec(get()) }));
      if (get().generation !== generation || get().selectedId !== selectedId) return;
      set({ selectedIndex: index, ...(scroll && index >= 0 ? { scrollRequest: { index, seq: ++scrollSeq } } : {}) });
    } catch {
      // The selection may have been deleted meanwhile; the detail pane says so when it reloads.
    }
  }

  /** A new query: forget every row, fetch the first page (or the one holding the selection) afresh. */
  function requery(options: { scrollToSelection: boolean }): void {
    const generation = get().generation + 1;
    set({ generation, pages: new Map(), error: null, selectedIndex: -1 });
    if (!options.scrollToSelection) {
      visibleRange = [0, 40];
      set({ scrollRequest: { index: 0, seq: ++scrollSeq } });
    }
    void fetchPage(0, generation);
    void locate(generation, options.scrollToSelection);
  }

  return {
    ...initial,

    async open() {
      requery({ scrollToSelection: false });
      try {
        const { groups } = await call(window.tessera.vault.groups());
        set({ groups: [...groups].sort((a, b) => a.name.localeCompare(b.name)) });
      } catch {
        // Groups only add filters; the list works without them.
      }
    },

    setSearch(search) {
      if (search === get().search) return;
      set({ search });
      requery({ scrollToSelection: false });
    },

    setFilter(filter) {
      set({ filter });
      requery({ scrollToSelection: true });
    },

    setSort(sort) {
      set({ sort });
      requery({ scrollToSelection: true });
    },

    ensureRange(start, end) {
      visibleRange = [start, end];
      const { generation, pages, total } = get();
      if (total === null) return;
      const last = Math.max(0, total - 1);
      for (const offset of pagesFor(start, Math.min(end, last))) {
        if (!pages.has(offset) && offset <= last) void fetchPage(offset, generation);
      }
    },

    async selectIndex(index) {
      const { total } = get();
      if (!total) return;
      const target = Math.min(Math.max(0, index), total - 1);
      const known = rowAt(get().pages, target);
      set({ selectedIndex: target, scrollRequest: { index: target, seq: ++scrollSeq }, ...(known ? { selectedId: known.id } : {}) });
      if (known) return;
      const generation = get().generation;
      await fetchPage(Math.floor(target / PAGE_SIZE) * PAGE_SIZE, generation);
      const row = rowAt(get().pages, target);
      if (row && get().selectedIndex === target && get().generation === generation) set({ selectedId: row.id });
    },

    select(id, index) {
      set({ selectedId: id, selectedIndex: index });
    },

    async changed() {
      const generation = get().generation + 1;
      const offsets = new Set([...get().pages.keys(), ...pagesFor(visibleRange[0], visibleRange[1])]);
      // The old rows stay on screen until the new ones arrive, so a background sync does not flash the list.
      set({ generation });
      await Promise.all([...offsets].map(async (offset) => {
        const key = `${generation}:${offset}`;
        inflight.add(key);
        try {
          const answer = await call(window.tessera.vault.query({ ...querySpec(get()), offset, limit: PAGE_SIZE }));
          if (get().generation !== generation) return;
          const pages = new Map(get().pages);
          if (answer.rows.length > 0) pages.set(offset, answer.rows);
          else pages.delete(offset);
          set({ pages, total: answer.total, error: null });
        } catch (error) {
          if (get().generation === generation) set({ error: sentence(error) });
        } finally {
          inflight.delete(key);
        }
      }));
      // Any change can move the selection (an item added above it, a rename), so it is found again.
      if (get().selectedId) await locate(generation, false);
    },

    async reveal(id) {
      set({ selectedId: id });
      await get().changed();
      const index = get().selectedIndex;
      if (index >= 0) set({ scrollRequest: { index, seq: ++scrollSeq } });
    },

    retry() {
      requery({ scrollToSelection: true });
    },

    reset() {
      inflight.clear();
      visibleRange = [0, 40];
      set({ ...initial, pages: new Map(), generation: get().generation + 1 });
    },
  };
});
