// The window's root: routes by state. No account yet: first run. Accounts, vault locked: unlock. Unlocked: the
// vault. On session.locked every vault store is emptied before the unlock screen shows.
import { useEffect } from 'react';
import { Brand } from './components/brand';
import { useAppearance } from './hooks/use-appearance';
import { Logo } from './icons/logo';
import { FirstRunScreen } from './screens/first-run';
import { UnlockScreen } from './screens/unlock-screen';
import { VaultScreen } from './screens/vault-screen';
import { resetVaultStores } from './stores/reset';
import { useSessionStore } from './stores/session.store';

export function App() {
  const phase = useSessionStore((s) => s.phase);
  const adding = useSessionStore((s) => s.adding);
  const failure = useSessionStore((s) => s.failure);
  useAppearance();

  useEffect(() => {
    void useSessionStore.getState().load();
    const offLocked = window.tessera.on('session.locked', ({ reason }) => {
      resetVaultStores();
      useSessionStore.getState().locked(reason);
    });
    const offUnlocked = window.tessera.on('session.unlocked', (result) => {
      if (useSessionStore.getState().phase === 'locked') void useSessionStore.getState().unlocked(result);
    });
    const offInvitation = window.tessera.on('account.invitationOpened', ({ invitationLink }) => {
      useSessionStore.getState().startAdding(invitationLink);
    });
    return () => {
      offLocked();
      offUnlocked();
      offInvitation();
    };
  }, []);

  useEffect(() => {
    document.title = phase === 'unlocked' ? 'Tessera' : phase === 'locked' ? 'Tessera — locked' : 'Tessera';
  }, [phase]);

  if (phase === 'loading') {
    return (
      <main className="screen" aria-busy="true">
        <div className="loading" role="status" aria-label="Starting Tessera">
          <Logo size={48} />
        </div>
      </main>
    );
  }
  if (phase === 'failed') {
    return (
      <main className="screen">
        <section className="card" role="alert">
          <Brand />
          <h1 className="title">Tessera could not start</h1>
          <p className="lead">{failure}</p>
          <div className="actions actions-center">
            <button type="button" className="button button-primary" onClick={() => void useSessionStore.getState().load()}>Try again</button>
          </div>
        </section>
      </main>
    );
  }
  if (phase === 'first-run' || adding) return <FirstRunScreen key={adding ? 'adding' : 'first'} />;
  if (phase === 'locked') return <UnlockScreen />;
  return <VaultScreen />;
}
