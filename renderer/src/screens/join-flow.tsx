// Joining an organisation from an invitation: paste the link, see who is invited on which server (with the
// server key's fingerprint to compare), choose a passphrase that the organisation's policy accepts, then save
// the recovery kit through main's save dialog.
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { AccountView, MethodResponse } from '../../../common/ipc';
import { call, codeOf, sentence } from '../api';
import { PassphraseField } from '../components/passphrase-field';
import { PassphraseMeter, usePassphraseVerdict } from '../components/passphrase-meter';
import { useFollowedPolicy } from '../hooks/use-followed-policy';
import { Untrusted } from '../components/untrusted';
import { CheckIcon, FileIcon } from '../icons/icons';
import { useSessionStore } from '../stores/session.store';
import { groupedFingerprint } from '../text/format';
import { visible } from '../text/untrusted';

type Preview = MethodResponse<'account.previewJoin'>;
type Unlocked = MethodResponse<'session.unlock'>;

function LinkStep({ initial, onPreview, onBack }: { readonly initial: string; readonly onPreview: (link: string, preview: Preview) => void; readonly onBack: () => void }) {
  const [link, setLink] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!link.trim()) {
      setError('Paste the invitation link from your email.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onPreview(link.trim(), await call(window.tessera.account.previewJoin({ invitationLink: link.trim() })));
    } catch (e) {
      setBusy(false);
      setError(sentence(e));
    }
  };

  // A link opened from outside the app goes straight to the preview.
  useEffect(() => {
    if (initial) void submit();
    // Only on arrival: later edits wait for Continue.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
      <div className="form-field">
        <label htmlFor={id}>Invitation link</label>
        <input id={id} type="text" value={link} onChange={(e) => setLink(e.target.value)} autoFocus spellCheck={false} autoComplete="off"
          placeholder="https://…/setup/start/…" aria-describedby={`${id}-hint`} disabled={busy} />
        <p className="hint" id={`${id}-hint`}>The email inviting you has a link, or an “Open in Tessera” button. Paste the link here.</p>
      </div>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      <div className="actions">
        <button type="button" className="button button-quiet" onClick={onBack} disabled={busy}>Back</button>
        <button type="submit" className="button button-primary" disabled={busy}>{busy ? 'Checking…' : 'Continue'}</button>
      </div>
    </form>
  );
}

function PassphraseStep({ link, preview, onJoined, onBack }: {
  readonly link: string;
  readonly preview: Preview;
  readonly onJoined: (account: AccountView, unlocked: Unlocked | null) => void;
  readonly onBack: () => void;
}) {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The organisation's policy as the invitation gave it, read again when the window comes back to the front: an
  // administrator may change it while someone is choosing their passphrase.
  const followed = useFollowedPolicy(
    () => call(window.tessera.account.previewJoin({ invitationLink: link })).then((p) => p.passphrasePolicy),
    preview.passphrasePolicy,
  );
  const policy = followed.policy ?? preview.passphrasePolicy;
  const { verdict, pending, error: meterError } = usePassphraseVerdict(passphrase, policy);
  const meterId = useId();
  const mismatch = confirm !== '' && confirm !== passphrase;
  const blocked = verdict !== null && !verdict.allowed;
  const ready = passphrase !== '' && confirm === passphrase && verdict !== null && verdict.allowed;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready) {
      setError(passphrase === '' ? 'Choose a passphrase.' : confirm !== passphrase ? 'The two passphrases are not the same.'
        : blocked ? 'Your organisation’s policy does not accept this passphrase. Make it longer or less common.' : 'Wait for the check to finish.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const joined = await call(window.tessera.account.join({ invitationLink: link, passphrase }));
      // The passphrase was just typed: unlock with it now instead of asking again, then forget it.
      const unlocked = await call(window.tessera.session.unlock({ accountId: joined.account.id, passphrase })).catch(() => null);
      setPassphrase('');
      setConfirm('');
      onJoined(joined.account, unlocked);
    } catch (e) {
      setBusy(false);
      setError(sentence(e));
      // Refused under a policy changed since the window read it: show the one main applied.
      if (codeOf(e) === 'POLICY_VIOLATION') void followed.reload();
    }
  };

  const name = `${preview.firstName} ${preview.lastName}`.trim() || preview.username;
  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
      <dl className="invite-facts" aria-label="Invitation">
        <div>
          <dt>Invited</dt>
          <dd className="invite-who"><Untrusted value={name} /><Untrusted value={preview.username} className="muted" /></dd>
        </div>
        <div><dt>Server</dt><dd><Untrusted value={preview.serverUrl} /></dd></div>
        <div>
          <dt>Server key</dt>
          <dd className="fingerprint" data-testid="server-fingerprint">{groupedFingerprint(preview.serverFingerprint)}</dd>
        </div>
      </dl>
      <p className="hint">Compare the server key with the one your administrator gave you before choosing a passphrase.</p>
      <PassphraseField label="New passphrase" value={passphrase} onChange={setPassphrase} autoFocus describedBy={meterId} disabled={busy} />
      <PassphraseMeter id={meterId} verdict={verdict} pending={pending} error={meterError} policy={policy} />
      <PassphraseField label="Confirm passphrase" value={confirm} onChange={setConfirm} invalid={mismatch} disabled={busy} />
      {mismatch ? <p className="field-error">The two passphrases are not the same yet.</p> : null}
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      <div className="actions">
        <button type="button" className="button button-quiet" onClick={onBack} disabled={busy}>Back</button>
        <button type="submit" className="button button-primary" disabled={busy || blocked} aria-disabled={!ready}>
          {busy ? 'Creating your key…' : 'Join'}
        </button>
      </div>
    </form>
  );
}

function KitStep({ account, unlocked }: { readonly account: AccountView; readonly unlocked: Unlocked | null }) {
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const session = useSessionStore();

  const save = async () => {
    setBusy(true);
    setError(null);
    setCancelled(false);
    try {
      const outcome = await call(window.tessera.account.saveRecoveryKit({ accountId: account.id }));
      if (outcome.saved) setSaved(outcome.path ?? 'the folder you chose');
      else setCancelled(true);
    } catch (e) {
      setError(sentence(e));
    } finally {
      setBusy(false);
    }
  };

  const done = () => (unlocked ? void session.unlocked(unlocked) : session.accountAdded(account));

  return (
    <div className="stack">
      <p className="lead-left">
        Your key was created and registered. The recovery kit is the only way back into this account if this computer
        is lost: save it somewhere safe, such as a password-protected drive.
      </p>
      {saved ? (
        <p className="success-line" role="status" data-testid="kit-saved">
          <CheckIcon /> <span>Saved to <bdi className="path-full">{visible(saved, 4096)}</bdi></span>
        </p>
      ) : null}
      {cancelled ? <p className="hint" role="status">The kit was not saved. You can save it now, or later from the account menu.</p> : null}
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      <div className="actions">
        {saved ? null : (
          <button type="button" className="button button-secondary" onClick={() => void save()} disabled={busy}>
            <FileIcon size={14} /> {busy ? 'Saving…' : 'Save recovery kit…'}
          </button>
        )}
        <button type="button" className={saved ? 'button button-primary' : 'button button-quiet'} onClick={done}>
          {saved ? 'Open my vault' : 'Skip for now'}
        </button>
      </div>
    </div>
  );
}

export function JoinFlow({ onBack }: { readonly onBack: () => void }) {
  const invitation = useSessionStore((s) => s.invitation);
  const [step, setStep] = useState<
    | { kind: 'link' }
    | { kind: 'passphrase'; link: string; preview: Preview }
    | { kind: 'kit'; account: AccountView; unlocked: Unlocked | null }
  >({ kind: 'link' });

  const titles = { link: 'Join my organisation', passphrase: 'Choose your passphrase', kit: 'Save your recovery kit' } as const;
  return (
    <>
      <ol className="steps" aria-label="Steps">
        {(['link', 'passphrase', 'kit'] as const).map((s, i) => (
          <li key={s} className={s === step.kind ? 'step current' : 'step'} aria-current={s === step.kind ? 'step' : undefined}>
            <span className="step-number">{i + 1}</span>
            <span className="step-label">{s === 'link' ? 'Invitation' : s === 'passphrase' ? 'Passphrase' : 'Recovery kit'}</span>
          </li>
        ))}
      </ol>
      <h1 className="title title-left">{titles[step.kind]}</h1>
      {step.kind === 'link' ? (
        <LinkStep initial={invitation ?? ''} onBack={onBack} onPreview={(link, preview) => setStep({ kind: 'passphrase', link, preview })} />
      ) : step.kind === 'passphrase' ? (
        <PassphraseStep link={step.link} preview={step.preview} onBack={() => setStep({ kind: 'link' })}
          onJoined={(account, unlocked) => setStep({ kind: 'kit', account, unlocked })} />
      ) : (
        <KitStep account={step.account} unlocked={step.unlocked} />
      )}
    </>
  );
}
