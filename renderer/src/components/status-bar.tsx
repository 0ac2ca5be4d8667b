// Always at the bottom of the vault: sync state (syncing n/N, up to date, offline and read-only, failed with a
// Retry), the idle auto-lock, the account, and Lock.
import { useNow } from '../hooks/use-now';
import { shortcut } from '../hooks/platform';
import { CloudOffIcon, LockIcon, RefreshIcon, AlertIcon } from '../icons/icons';
import { lockNow } from '../stores/actions';
import { accountName, serverHost, useSessionStore } from '../stores/session.store';
import { useSyncStore } from '../stores/sync.store';
import { ago, duration } from '../text/format';
import { Untrusted } from './untrusted';

function SyncState() {
  const { status, progress, retryError, retry } = useSyncStore();
  const now = useNow(5_000);
  if (!status) return <span className="sync sync-idle">Checking the server…</span>;

  if (status.state === 'syncing') {
    const counts = progress && progress.total > 0 ? ` ${progress.done.toLocaleString()}/${progress.total.toLocaleString()}` : '';
    return (
      <span className="sync sync-syncing">
        <span className="sync-dot" aria-hidden="true" />
        Syncing{counts}…
      </span>
    );
  }
  if (status.state === 'offline' || status.state === 'error' || retryError) {
    const offline = status.state === 'offline';
    return (
      <span className={offline ? 'sync sync-offline' : 'sync sync-error'} data-testid="sync-problem">
        {offline ? <CloudOffIcon /> : <AlertIcon />}
        <span className="sync-text" title={retryError ?? status.message}>
          {offline ? 'Offline — read-only' : 'Sync failed'}
          {/* Offline is explained by the banner above the list; a failure is explained here. */}
          {offline ? null : <span className="sync-detail">{' · '}{retryError ?? status.message ?? 'Try again.'}</span>}
        </span>
        <button type="button" className="link-button" onClick={() => void retry()}>
          <RefreshIcon size={14} />
          Retry
        </button>
      </span>
    );
  }
  return (
    <span className="sync sync-ok">
      <span className="sync-dot" aria-hidden="true" />
      <span className="sync-text">{status.lastSync ? `Up to date · synced ${ago(status.lastSync, now)}` : 'Up to date'}</span>
      <button type="button" className="icon-button icon-button-small" aria-label="Sync now" title="Sync now" onClick={() => void retry()}>
        <RefreshIcon size={14} />
      </button>
    </span>
  );
}

export function StatusBar() {
  const { accounts, accountId, status } = useSessionStore();
  const account = accounts.find((a) => a.id === accountId);
  const idle = status?.idleLockMs ?? 0;
  return (
    <footer className="status-bar" aria-label="Status">
      <div className="status-sync" aria-live="polite">
        <SyncState />
      </div>
      <span className="status-idle" data-testid="idle-lock">
        {idle > 0 ? `Locks after ${duration(idle)} idle` : 'Auto-lock off'}
      </span>
      <span className="status-account" title={account ? `${account.username} on ${serverHost(account)}` : undefined}>
        <Untrusted value={accountName(account)} noTitle />
        <span aria-hidden="true">·</span>
        <Untrusted value={serverHost(account)} className="status-host" noTitle />
      </span>
      <button type="button" className="button button-quiet button-small" onClick={() => void lockNow()} title={`Lock (${shortcut('L')})`}>
        <LockIcon size={14} />
        Lock
      </button>
    </footer>
  );
}
