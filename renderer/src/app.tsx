// Root component: asks main for app.info, listens for lock events, and shows the matching screen.
import { useEffect } from 'react';
import { useAppInfoStore } from './app-info.store';
import { LockScreen } from './lock-screen';
import { Logo } from './logo';

export function App() {
  const state = useAppInfoStore((s) => s.state);

  useEffect(() => {
    const { load, locked } = useAppInfoStore.getState();
    void load();
    return window.tessera.on('session.locked', ({ reason }) => locked(reason));
  }, []);

  if (state.status === 'ready') return <LockScreen state={state} />;
  if (state.status === 'failed') {
    return (
      <main className="screen">
        <section className="card" role="alert">
          <header className="brand">
            <Logo />
            <p className="brand-name">Tessera</p>
          </header>
          <h1 className="title">Tessera could not start</h1>
          <p className="lead">{state.error.message}</p>
          <p className="meta">
            <code data-testid="error-code">{state.error.code}</code>
          </p>
        </section>
      </main>
    );
  }
  return (
    <main className="screen" aria-busy="true">
      <div className="loading">
        <Logo size={48} />
      </div>
    </main>
  );
}
