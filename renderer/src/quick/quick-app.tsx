// The root of the quick-search window (the renderer loaded at #quick): a locked vault asks for the passphrase,
// an unlocked one searches. Main creates the window once and shows and hides it; every `quick.shown` starts
// again from an empty, focused search. Escape hides the window whatever it shows.
import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { useActivityTouch } from '../hooks/use-activity';
import { useAppearance } from '../hooks/use-appearance';
import { Logo } from '../icons/logo';
import { useSessionStore } from '../stores/session.store';
import { useSyncStore } from '../stores/sync.store';
import { cancelHide, hideQuick, openMainWindow } from './quick-actions';
import { QuickSearch } from './quick-search';
import { QuickUnlock } from './quick-unlock';
import { useQuickStore } from './quick.store';
import './quick.css';

/** The field a fresh showing starts in: the search, or the passphrase while locked. */
function focusStart(): void {
  const target = document.querySelector<HTMLInputElement>('#quick-search, .quick-unlock .password-input input');
  target?.focus();
}


export function QuickApp() {
  const phase = useSessionStore((s) => s.phase);
  const failure = useSessionStore((s) => s.failure);
  const offline = useSyncStore((s) => s.status?.state === 'offline');
  useAppearance();
  useActivityTouch(phase === 'unlocked');
  // Counts showings: the unlock form starts empty each time (no passphrase left waiting in a hidden window).
  const [showing, setShowing] = useState(0);

  useEffect(() => {
    document.title = 'Tessera quick access';
    void useSessionStore.getState().load();
    void useSyncStore.getState().load();
    const offShown = window.tessera.on('quick.shown', () => {
      // A fresh start painted in this task, not the next: empty search, no notice, focus in place.
      cancelHide();
      flushSync(() => {
        setShowing((n) => n + 1);
        if (useSessionStore.getState().phase === 'unlocked') useQuickStore.getState().reset();
      });
      focusStart();
      // The main window may have unlocked or locked the vault while this one was hidden.
      void useSessionStore.getState().load();
      void useSyncStore.getState().load();
    });
    const offLocked = window.tessera.on('session.locked', ({ reason }) => {
      useQuickStore.getState().reset({ search: false });
      useSyncStore.getState().reset();
      useSessionStore.getState().locked(reason);
    });
    const offSync = window.tessera.on('sync.status', (s) => useSyncStore.getState().statusChanged(s));
    const offChanged = window.tessera.on('vault.changed', () => {
      if (useSessionStore.getState().phase === 'unlocked') useQuickStore.getState().refresh();
    });
    // Hidden by main (focus went elsewhere): the next showing must not open on the last search for a frame.
    const onVisibility = () => {
      if (document.hidden && useSessionStore.getState().phase === 'unlocked') useQuickStore.getState().reset();
    };
    document.addEventListener('visibilitychange', onVisibility);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        hideQuick();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      offShown();
      offLocked();
      offSync();
      offChanged();
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('keydown', onKey);
    };
  }, []);

  // Unlocked here or in the main window: a fresh search, its field focused.
  useEffect(() => {
    if (phase !== 'unlocked') return;
    useQuickStore.getState().reset();
    void useSyncStore.getState().load();
    focusStart();
  }, [phase]);

  return (
    <main className="quick" aria-label="Quick access">
      {phase === 'loading' ? (
        <div className="quick-center" role="status" aria-label="Starting Tessera" aria-busy="true"><Logo size={32} /></div>
      ) : phase === 'failed' ? (
        <div className="quick-center" role="alert">
          <p>{failure}</p>
          <button type="button" className="button button-secondary button-small" onClick={() => void useSessionStore.getState().load()}>Try again</button>
        </div>
      ) : phase === 'first-run' ? (
        <div className="quick-center">
          <Logo size={32} />
          <p>Set up Tessera in its main window first; quick search then finds your items here.</p>
          <button type="button" className="button button-primary button-small" onClick={openMainWindow}>Open Tessera</button>
        </div>
      ) : phase === 'locked' ? (
        <QuickUnlock key={showing} />
      ) : (
        <QuickSearch offline={offline} />
      )}
    </main>
  );
}
