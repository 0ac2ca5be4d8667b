// The unlocked quick-search window: one input, the best matches under it, one line confirming the last action,
// and the keys along the bottom. Everything is done from the keyboard: arrows move, Enter or Ctrl/Cmd+C copies the
// password, Ctrl/Cmd+B the username, Ctrl/Cmd+U opens the website, Escape hides the window. A clean copy hides
// the window a moment after saying what was copied and when the clipboard clears.
import { useEffect, type ChangeEvent } from 'react';
import type { ResourceRow } from '../../../common/ipc';
import { Untrusted } from '../components/untrusted';
import { isMod, shortcut } from '../hooks/platform';
import { AlertIcon, CheckIcon, CloudOffIcon, SearchIcon } from '../icons/icons';
import { initial } from '../text/format';
import { visible } from '../text/untrusted';
import { actOnSelection, cancelHide, openMainWindow } from './quick-actions';
import { useQuickStore } from './quick.store';
import { websiteHost } from './website';

const optionId = (row: ResourceRow) => `quick-option-${row.id}`;

/** Text the user selected in the search field, which Ctrl/Cmd+C copies as usual. */
function fieldSelection(): boolean {
  const active = document.activeElement;
  return active instanceof HTMLInputElement && active.selectionStart !== null && active.selectionStart !== active.selectionEnd;
}

function Row({ row, selected, onPick }: { readonly row: ResourceRow; readonly selected: boolean; readonly onPick: (copy: boolean) => void }) {
  const host = websiteHost(row.uri);
  return (
    <div id={optionId(row)} role="option" aria-selected={selected} className={selected ? 'quick-row quick-row-selected' : 'quick-row'}
      onMouseDown={(e) => e.preventDefault()} onClick={() => onPick(false)} onDoubleClick={() => onPick(true)}>
      <span className="row-monogram" aria-hidden="true">{initial(row.name)}</span>
      <span className="quick-row-text">
        <Untrusted value={row.name} className="quick-row-name" />
        {row.username ? <Untrusted value={row.username} className="quick-row-user" /> : null}
      </span>
      {host ? <Untrusted value={host} className="quick-row-host" /> : null}
    </div>
  );
}

function Results({ onCopy }: { readonly onCopy: () => void }) {
  const { rows, total, selected, query, error, refresh, moveTo } = useQuickStore();
  const current = rows[selected];

  useEffect(() => {
    if (current) document.getElementById(optionId(current))?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  if (error) {
    return (
      <div className="quick-state" role="alert">
        <AlertIcon className="quick-state-icon quick-state-error" />
        <p>{error}</p>
        <button type="button" className="button button-secondary button-small" onClick={refresh}>Try again</button>
      </div>
    );
  }
  // Nothing is shown until main first answers (a few milliseconds), so there is no flash of "loading".
  if (total === null) return <div className="quick-state" aria-busy="true" />;
  if (total === 0 && query.trim()) {
    return (
      <div className="quick-state">
        <p>Nothing matches “{visible(query, 60)}”.</p>
        <p className="quick-state-sub">Search looks at names, usernames and websites.</p>
      </div>
    );
  }
  if (total === 0) {
    return (
      <div className="quick-state">
        <p>Your vault has no items yet.</p>
        <button type="button" className="button button-secondary button-small" onClick={openMainWindow}>Open Tessera to add one</button>
      </div>
    );
  }
  return (
    <div className="quick-list" id="quick-results" role="listbox" aria-label="Results">
      {rows.map((row, i) => (
        <Row key={row.id} row={row} selected={i === selected} onPick={(copy) => {
          moveTo(i);
          if (copy) onCopy();
        }} />
      ))}
      {total > rows.length ? (
        <p className="quick-more" aria-live="off">{`${(total - rows.length).toLocaleString()} more — type more to narrow the search`}</p>
      ) : null}
    </div>
  );
}

function Notice() {
  const notice = useQuickStore((s) => s.notice);
  return (
    <div className="quick-notice-region" role="status" aria-live="polite" aria-atomic="true">
      {notice ? (
        <div key={notice.seq} className={`quick-notice quick-notice-${notice.tone}`} data-testid="quick-notice">
          {notice.tone === 'success' ? <CheckIcon className="quick-notice-icon" /> : <AlertIcon className="quick-notice-icon" />}
          <span className="quick-notice-text">
            <span className="quick-notice-message">{notice.text}</span>
            {notice.detail ? <span className="quick-notice-detail">{notice.detail}</span> : null}
          </span>
        </div>
      ) : null}
    </div>
  );
}

function KeyHints() {
  return (
    <footer className="quick-footer" role="note" aria-label="Keyboard shortcuts">
      <span><kbd>↑</kbd><kbd>↓</kbd> Select</span>
      <span><kbd>↵</kbd> Copy password</span>
      <span><kbd>{shortcut('B')}</kbd> Username</span>
      <span><kbd>{shortcut('U')}</kbd> Open website</span>
      <span className="quick-footer-end"><kbd>Esc</kbd> Close</span>
    </footer>
  );
}

export function QuickSearch({ offline }: { readonly offline: boolean }) {
  const query = useQuickStore((s) => s.query);
  const setQuery = useQuickStore((s) => s.setQuery);
  const activeId = useQuickStore((s) => (s.rows[s.selected] ? optionId(s.rows[s.selected] as ResourceRow) : undefined));
  const expanded = useQuickStore((s) => s.rows.length > 0);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      // Any other key means the user is still here: the window stays.
      cancelHide();
      const { move } = useQuickStore.getState();
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        move(e.key === 'ArrowDown' ? 1 : -1);
      } else if (e.key === 'PageDown' || e.key === 'PageUp') {
        e.preventDefault();
        move(e.key === 'PageDown' ? 8 : -8);
      } else if (e.key === 'Enter' && !e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
        if (e.target instanceof HTMLButtonElement) return;
        e.preventDefault();
        void actOnSelection('password');
      } else if (isMod(e, 'c')) {
        if (fieldSelection()) return;
        e.preventDefault();
        void actOnSelection('password');
      } else if (isMod(e, 'b')) {
        e.preventDefault();
        void actOnSelection('username');
      } else if (isMod(e, 'u')) {
        e.preventDefault();
        void actOnSelection('open');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      cancelHide();
    };
  }, []);

  return (
    <div className="quick-main">
      <div className="quick-bar">
        <SearchIcon className="quick-bar-icon" size={18} />
        <input
          id="quick-search"
          data-quick-focus=""
          type="text"
          role="combobox"
          aria-label="Search"
          aria-expanded={expanded}
          aria-controls="quick-results"
          aria-autocomplete="list"
          aria-activedescendant={activeId}
          placeholder="Search your vault"
          value={query}
          spellCheck={false}
          autoComplete="off"
          autoFocus
          maxLength={256}
          onChange={(e: ChangeEvent<HTMLInputElement>) => setQuery(e.target.value)}
        />
        <kbd className="quick-bar-kbd" aria-hidden="true">Esc</kbd>
      </div>
      {offline ? (
        <p className="quick-banner">
          <CloudOffIcon size={14} />
          <span>Offline — copying uses what is already on this computer.</span>
        </p>
      ) : null}
      <div className="quick-body">
        <Results onCopy={() => void actOnSelection('password')} />
      </div>
      <Notice />
      <KeyHints />
    </div>
  );
}
