// The virtualised list of items: a listbox whose options are only the rows near the viewport (fixed 36 px),
// fed by the list store's pages. Keyboard: arrows, Home/End, Page Up/Down move the selection; Enter opens it.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useRef, type KeyboardEvent } from 'react';
import type { ResourceRow } from '../../../common/ipc';
import { StarIcon, UsersIcon } from '../icons/icons';
import { rowAt, useVaultListStore } from '../stores/vault-list.store';
import { initial } from '../text/format';
import { Untrusted } from './untrusted';

export const ROW_HEIGHT = 36;

const Row = memo(function Row({ row, index, total, selected, onPick }: {
  readonly row: ResourceRow | undefined;
  readonly index: number;
  readonly total: number;
  readonly selected: boolean;
  readonly onPick: (index: number, row: ResourceRow, open: boolean) => void;
}) {
  if (!row) {
    return (
      <div className="row row-placeholder" role="option" aria-selected={false} aria-setsize={total} aria-posinset={index + 1} aria-busy="true">
        <span className="row-monogram" aria-hidden="true" />
        <span className="row-skeleton" aria-label="Loading" />
      </div>
    );
  }
  return (
    <div
      id={`option-${row.id}`}
      className={selected ? 'row row-selected' : 'row'}
      role="option"
      aria-selected={selected}
      aria-setsize={total}
      aria-posinset={index + 1}
      data-id={row.id}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => onPick(index, row, false)}
      onDoubleClick={() => onPick(index, row, true)}
    >
      <span className="row-monogram" aria-hidden="true">
        {initial(row.name)}
      </span>
      <span className="row-name">
        <Untrusted value={row.name} />
      </span>
      <span className="row-username">{row.username ? <Untrusted value={row.username} /> : <span className="muted">—</span>}</span>
      <span className="row-flags">
        {row.shared ? (
          <span title="Shared" className="row-flag">
            <UsersIcon size={14} />
          </span>
        ) : null}
        {row.favorite ? (
          <span title="Favorite" className="row-flag row-star">
            <StarIcon size={14} filled />
          </span>
        ) : null}
      </span>
    </div>
  );
});

export function ItemList({ onOpen, labelledBy }: { readonly onOpen: () => void; readonly labelledBy: string }) {
  const { total, pages, selectedId, selectedIndex, scrollRequest, error, ensureRange, selectIndex, select, retry } = useVaultListStore();
  const parentRef = useRef<HTMLDivElement>(null);
  const count = total ?? 0;

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (total !== null && total > 0) ensureRange(first, last);
  }, [first, last, total, ensureRange]);

  useEffect(() => {
    if (scrollRequest && scrollRequest.index < count) virtualizer.scrollToIndex(scrollRequest.index, { align: 'auto' });
    // Only a new request scrolls; a changing count must not yank the viewport.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scrollRequest]);

  const onPick = useCallback((index: number, row: ResourceRow, open: boolean) => {
    select(row.id, index);
    parentRef.current?.focus({ preventScroll: true });
    if (open) onOpen();
  }, [select, onOpen]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const page = Math.max(1, Math.floor((parentRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const at = selectedIndex >= 0 ? selectedIndex : -1;
    const moves: Record<string, number> = {
      ArrowDown: at + 1,
      ArrowUp: Math.max(0, at - 1),
      Home: 0,
      End: count - 1,
      PageDown: at + page,
      PageUp: Math.max(0, at - page),
    };
    if (event.key in moves) {
      event.preventDefault();
      void selectIndex(moves[event.key]!);
    } else if (event.key === 'Enter' && selectedId) {
      event.preventDefault();
      onOpen();
    }
  };

  const activeId = selectedId && selectedIndex >= 0 && rowAt(pages, selectedIndex)?.id === selectedId ? `option-${selectedId}` : undefined;

  if (error && total === null) {
    return (
      <div className="list-state" role="alert">
        <p>{error}</p>
        <button type="button" className="button button-secondary" onClick={retry}>
          Try again
        </button>
      </div>
    );
  }

  return (
    <div
      ref={parentRef}
      className="list-scroll"
      role="listbox"
      tabIndex={0}
      aria-labelledby={labelledBy}
      aria-activedescendant={activeId}
      aria-busy={total === null}
      onKeyDown={onKeyDown}
      onFocus={() => {
        if (selectedIndex < 0 && count > 0) void selectIndex(0);
      }}
    >
      {/* Sizes and offsets go through React's style property, which sets them through the CSSOM: the CSP
          refuses style attributes in markup, not properties set by script. */}
      <div className="list-sizer" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = rowAt(pages, item.index);
          return (
            <div key={item.key} className="row-slot" style={{ transform: `translateY(${item.start}px)` }}>
              <Row row={row} index={item.index} total={count} selected={row !== undefined && row.id === selectedId} onPick={onPick} />
            </div>
          );
        })}
      </div>
    </div>
  );
}
