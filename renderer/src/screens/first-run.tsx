// The first screen on a computer without an account (and "Add another account" later): join an organisation
// from an invitation, or sign in with a recovery kit.
import { useState } from 'react';
import { Brand } from '../components/brand';
import { KeyIcon, MailIcon } from '../icons/icons';
import { useSessionStore } from '../stores/session.store';
import { ImportKit } from './import-kit';
import { JoinFlow } from './join-flow';

type Mode = 'choose' | 'join' | 'import';

export function FirstRunScreen() {
  const { accounts, invitation, adding, stopAdding } = useSessionStore();
  const [mode, setMode] = useState<Mode>(invitation ? 'join' : 'choose');
  const back = () => setMode('choose');

  return (
    <main className="screen">
      <section className={mode === 'choose' ? 'card' : 'card card-wide'} aria-label="Set up Tessera">
        <Brand />
        {mode === 'choose' ? (
          <>
            <h1 className="title">{accounts.length ? 'Add an account' : 'Welcome to Tessera'}</h1>
            <p className="lead">Your organisation’s passwords, encrypted on this computer with a key only you hold.</p>
            <div className="choices">
              <button type="button" className="choice" onClick={() => setMode('join')} autoFocus>
                <span className="choice-icon" aria-hidden="true"><MailIcon size={20} /></span>
                <span className="choice-text">
                  <span className="choice-title">Join my organisation</span>
                  <span className="choice-sub">You received an invitation by email.</span>
                </span>
              </button>
              <button type="button" className="choice" onClick={() => setMode('import')}>
                <span className="choice-icon" aria-hidden="true"><KeyIcon size={20} /></span>
                <span className="choice-text">
                  <span className="choice-title">Sign in with a recovery kit</span>
                  <span className="choice-sub">You already have an account and its key file.</span>
                </span>
              </button>
            </div>
            {adding ? (
              <footer className="card-footer">
                <button type="button" className="link-button" onClick={stopAdding}>Back to unlock</button>
              </footer>
            ) : null}
          </>
        ) : mode === 'join' ? (
          <JoinFlow onBack={back} />
        ) : (
          <ImportKit onBack={back} />
        )}
      </section>
    </main>
  );
}
