// Unlocking an account's vault: the passphrase, "Remember for…" (until Tessera quits, at most the time chosen)
// where this computer has a keychain, the account to unlock when there are several, and the way to add another
// account.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { call, codeOf, sentence } from '../api';
import { Brand } from '../components/brand';
import { PassphraseField } from '../components/passphrase-field';
import { Untrusted } from '../components/untrusted';
import { LockIcon } from '../icons/icons';
import { accountName, serverHost, useSessionStore } from '../stores/session.store';
import { lockReasonMessage } from '../text/format';

const rememberChoices: ReadonlyArray<[number, string]> = [
  [0, 'Don’t remember'],
  [15 * 60_000, '15 minutes'],
  [60 * 60_000, '1 hour'],
  [8 * 60 * 60_000, '8 hours'],
  [24 * 60 * 60_000, '1 day'],
  [7 * 24 * 60 * 60_000, '7 days'],
];

/** The passphrase is kept only while Tessera runs (sealed under a key in main's memory), so say so where it is offered. */
function rememberHint(ms: number): string {
  const label = rememberChoices.find(([m]) => m === ms)?.[1];
  return ms > 0 && label ? `Until you quit Tessera, at most ${label}.` : 'A remembered passphrase lasts until you quit Tessera at the latest.';
}

export function UnlockScreen() {
  const { accounts, accountId, status, lockReason, chooseAccount, unlocked, startAdding } = useSessionStore();
  const [passphrase, setPassphrase] = useState('');
  const [rememberFor, setRememberFor] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [rememberedUntil, setRememberedUntil] = useState<number | null>(null);
  const errorId = useId();
  const rememberHintId = useId();
  const account = accounts.find((a) => a.id === accountId) ?? accounts[0];
  // Settings cap how long a passphrase may be remembered (0: never offered); a keychain must exist too.
  const [rememberMaxMs, setRememberMaxMs] = useState(0);
  const rememberChoicesShown = rememberChoices.filter(([ms]) => ms <= rememberMaxMs);
  const rememberAvailable = (status?.rememberAvailable ?? false) && rememberChoicesShown.length > 1;

  useEffect(() => {
    let live = true;
    const read = (minutes: number) => live && setRememberMaxMs(minutes * 60_000);
    void window.tessera.settings.get().then((r) => r.ok && read(r.value.settings.rememberPassphraseMinutes));
    const off = window.tessera.on('settings.changed', ({ settings }) => read(settings.rememberPassphraseMinutes));
    return () => {
      live = false;
      off();
    };
  }, []);

  useEffect(() => {
    setRememberedUntil(null);
    if (!account || !status?.rememberAvailable) return;
    let live = true;
    call(window.tessera.session.remembered({ accountId: account.id })).then(
      (r) => live && setRememberedUntil(r.until !== null && r.until > Date.now() ? r.until : null),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [account, status?.rememberAvailable]);

  if (!account) return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!passphrase) {
      setError('Enter your passphrase.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await call(window.tessera.session.unlock({ accountId: account.id, passphrase, ...(rememberAvailable && rememberFor > 0 ? { rememberForMs: rememberFor } : {}) }));
      setPassphrase('');
      await unlocked(result);
    } catch (e) {
      setBusy(false);
      setError(codeOf(e) === 'WRONG_PASSPHRASE' ? 'That passphrase is not right. Check Caps Lock and try again.' : sentence(e));
    }
  };

  const unlockRemembered = async () => {
    setBusy(true);
    setError(null);
    try {
      await unlocked(await call(window.tessera.session.unlockRemembered({ accountId: account.id })));
    } catch (e) {
      setBusy(false);
      setRememberedUntil(null);
      setError(sentence(e));
    }
  };

  return (
    <main className="screen">
      <section className="card" aria-labelledby="unlock-title">
        <Brand />
        <div className="lock-visual" aria-hidden="true">
          <LockIcon size={28} />
        </div>
        <h1 id="unlock-title" className="title">Unlock your vault</h1>
        <p className="lead" role="status">
          {lockReason ? lockReasonMessage(lockReason) : 'Your items stay encrypted until you unlock them on this computer.'}
        </p>

        <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
          {accounts.length > 1 ? (
            <div className="form-field">
              <label htmlFor="unlock-account">Account</label>
              <select id="unlock-account" value={account.id} onChange={(e) => {
                setError(null);
                setPassphrase('');
                chooseAccount(e.target.value);
              }}>
                {accounts.map((a) => (
                  <option key={a.id} value={a.id}>{`${accountName(a)} — ${serverHost(a)}`}</option>
                ))}
              </select>
            </div>
          ) : (
            <p className="account-line">
              <Untrusted value={accountName(account)} className="account-line-name" />
              <Untrusted value={`${account.username} · ${serverHost(account)}`} className="account-line-sub" />
            </p>
          )}
          <PassphraseField label="Passphrase" value={passphrase} onChange={(v) => {
            setPassphrase(v);
            if (error) setError(null);
          }} autoFocus describedBy={error ? errorId : undefined} invalid={error !== null} disabled={busy} />
          {rememberAvailable ? (
            <>
              <div className="form-field form-field-inline">
                <label htmlFor="remember-for">Remember for</label>
                <select id="remember-for" value={rememberFor} onChange={(e) => setRememberFor(Number(e.target.value))} disabled={busy}
                  aria-describedby={rememberHintId}>
                  {rememberChoicesShown.map(([ms, label]) => (
                    <option key={ms} value={ms}>{label}</option>
                  ))}
                </select>
              </div>
              <p className="hint" id={rememberHintId}>{rememberHint(rememberFor)}</p>
            </>
          ) : null}
          {error ? <p className="form-error" id={errorId} role="alert">{error}</p> : null}
          <button type="submit" className="button button-primary button-block" disabled={busy}>
            {busy ? 'Unlocking…' : 'Unlock'}
          </button>
          {rememberedUntil ? (
            <button type="button" className="button button-secondary button-block" onClick={() => void unlockRemembered()} disabled={busy}>
              Unlock with the remembered passphrase
            </button>
          ) : null}
        </form>
        <footer className="card-footer">
          <button type="button" className="link-button" onClick={() => startAdding()}>Add another account</button>
        </footer>
      </section>
    </main>
  );
}
