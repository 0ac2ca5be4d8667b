// The first screen: the vault is locked, nothing decrypted is in memory. It becomes the unlock form once
// sessions exist.
import type { AppInfo } from '../../common/ipc';
import { lockReasonMessage, platformName } from './format';
import { LockIcon, Logo } from './logo';
import type { AppInfoState } from './app-info.store';

type Ready = Extract<AppInfoState, { status: 'ready' }>;

function StatusBadge({ info }: { readonly info: AppInfo }) {
  return (
    <span className={info.locked ? 'badge badge-locked' : 'badge badge-open'} data-testid="lock-state">
      <span className="badge-dot" aria-hidden="true" />
      {info.locked ? 'Locked' : 'Unlocked'}
    </span>
  );
}

export function LockScreen({ state }: { readonly state: Ready }) {
  const { info, lockReason } = state;
  return (
    <main className="screen">
      <section className="card" aria-labelledby="lock-title">
        <header className="brand">
          <Logo />
          <div>
            <p className="brand-name">Tessera</p>
            <p className="brand-tagline">Team password manager</p>
          </div>
        </header>

        <div className="lock-visual">
          <LockIcon />
        </div>

        <h1 id="lock-title" className="title">
          {info.locked ? 'Vault locked' : 'Vault unlocked'}
        </h1>
        <p className="lead" role="status" aria-live="polite">
          {lockReason ? lockReasonMessage(lockReason) : 'Every password in your vault stays encrypted with your personal key until you unlock it on this device.'}
        </p>

        <ul className="facts">
          <li>Secrets are decrypted only on this device.</li>
          <li>The server stores ciphertext, never a password.</li>
          <li>Locking wipes decrypted data from memory.</li>
        </ul>

        <footer className="meta">
          <StatusBadge info={info} />
          <span data-testid="app-version">Version {info.version}</span>
          <span aria-hidden="true">·</span>
          <span data-testid="app-platform">{platformName(info.platform)}</span>
        </footer>
      </section>
    </main>
  );
}
