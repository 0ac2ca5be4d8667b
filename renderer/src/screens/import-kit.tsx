// Signing in on this computer with an existing key: the server's address, the recovery kit (or a Passbolt key
// file) read here as text and handed to main, and the key's passphrase.
import { useId, useState, type FormEvent } from 'react';
import { call, sentence } from '../api';
import { PassphraseField } from '../components/passphrase-field';
import { useSessionStore } from '../stores/session.store';

const MAX_KEY_FILE = 65_536;

export function ImportKit({ onBack }: { readonly onBack: () => void }) {
  const { unlocked, accountAdded } = useSessionStore();
  const [serverUrl, setServerUrl] = useState('');
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [userId, setUserId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const serverId = useId();
  const fileId = useId();
  const userIdId = useId();

  const pick = async (list: FileList | null) => {
    setError(null);
    const chosen = list?.[0];
    if (!chosen) return setFile(null);
    if (chosen.size > MAX_KEY_FILE) {
      setFile(null);
      return setError('This file is too large to be a key file. Choose the recovery kit (.asc) Tessera saved for you.');
    }
    setFile({ name: chosen.name, text: await chosen.text() });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = !serverUrl.trim() ? 'Enter the address of your organisation’s server.' : !file ? 'Choose your recovery kit file.' : !passphrase ? 'Enter the passphrase of this key.' : null;
    if (missing) return setError(missing);
    setBusy(true);
    setError(null);
    try {
      const { account } = await call(window.tessera.account.importKit({
        serverUrl: serverUrl.trim(), armoredPrivateKey: file!.text, passphrase, ...(userId.trim() ? { userId: userId.trim() } : {}),
      }));
      // Unlock with the passphrase just typed rather than asking for it again.
      const result = await call(window.tessera.session.unlock({ accountId: account.id, passphrase })).catch(() => null);
      setPassphrase('');
      setFile(null);
      if (result) await unlocked(result);
      else accountAdded(account);
    } catch (e) {
      setBusy(false);
      setError(sentence(e));
    }
  };

  return (
    <>
      <h1 className="title title-left">Sign in with a recovery kit</h1>
      <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-field">
          <label htmlFor={serverId}>Server address</label>
          <input id={serverId} type="url" value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} placeholder="https://passwords.example.com"
            spellCheck={false} autoComplete="off" autoFocus disabled={busy} />
        </div>
        <div className="form-field">
          <label htmlFor={fileId}>Recovery kit</label>
          <input id={fileId} className="file-input" type="file" accept=".asc,.txt,.key,.gpg,text/plain" onChange={(e) => void pick(e.target.files)} disabled={busy} />
          <p className="hint">{file ? `Chosen: ${file.name}` : 'The .asc file Tessera saved when you joined, or your Passbolt recovery kit.'}</p>
        </div>
        <PassphraseField label="Passphrase" value={passphrase} onChange={setPassphrase} disabled={busy} />
        <details className="more">
          <summary>The key file does not name its account</summary>
          <div className="form-field">
            <label htmlFor={userIdId}>User id</label>
            <input id={userIdId} type="text" value={userId} onChange={(e) => setUserId(e.target.value)} placeholder="00000000-0000-0000-0000-000000000000"
              spellCheck={false} autoComplete="off" disabled={busy} />
            <p className="hint">Shown in your profile on the server. Tessera’s own kits name it already.</p>
          </div>
        </details>
        {error ? <p className="form-error" role="alert">{error}</p> : null}
        <div className="actions">
          <button type="button" className="button button-quiet" onClick={onBack} disabled={busy}>Back</button>
          <button type="submit" className="button button-primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
        </div>
      </form>
    </>
  );
}
