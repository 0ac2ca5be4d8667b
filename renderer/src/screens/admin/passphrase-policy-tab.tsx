// The rules for the passphrases people choose for their own key: the entropy a new passphrase needs (required:
// anything below is refused; recommended: below it people are warned, not stopped), and whether new passphrases
// are checked against known data breaches. Where each computer sends that check is one of its Settings.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { ENTROPY_MINIMUM_RANGE, RECOMMENDED_ENTROPY_MINIMUM } from '../../../../common/api/policies';
import type { PassphrasePolicyView } from '../../../../common/ipc';
import { strengthOf } from '../../../../common/passphrase';
import { call, sentence } from '../../api';
import { AlertIcon } from '../../icons/icons';
import { useToastStore } from '../../stores/toast.store';
import { useViewStore } from '../../stores/view.store';

export function PassphrasePolicyTab() {
  const [saved, setSaved] = useState<PassphrasePolicyView | null>(null);
  const [form, setForm] = useState<PassphrasePolicyView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const toast = useToastStore((s) => s.show);
  const id = useId();

  const load = async () => {
    setLoadError(null);
    try {
      const policy = await call(window.tessera.admin.passphrasePolicy());
      setSaved(policy);
      setForm(policy);
    } catch (e) {
      setLoadError(sentence(e));
    }
  };

  useEffect(() => {
    void load();
  }, []);

  if (!form || !saved) {
    return loadError ? (
      <div className="view-state" role="alert">
        <p>{loadError}</p>
        <button type="button" className="button button-secondary" onClick={() => void load()}>Try again</button>
      </div>
    ) : (
      <div className="view-state" role="status" aria-busy="true">Loading the passphrase policy…</div>
    );
  }

  const dirty = form.entropyMinimum !== saved.entropyMinimum || form.externalDictionaryCheck !== saved.externalDictionaryCheck;
  const belowAdvice = form.entropyMinimum < RECOMMENDED_ENTROPY_MINIMUM;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const next = await call(window.tessera.admin.setPassphrasePolicy({ entropyMinimum: Math.round(form.entropyMinimum), externalDictionaryCheck: form.externalDictionaryCheck }));
      setSaved(next);
      setForm(next);
      toast('Passphrase policy saved', { detail: 'It applies the next time someone joins or changes their passphrase.' });
    } catch (err) {
      setError(sentence(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="policy-page">
      <form className="policy-form" onSubmit={(e) => void submit(e)} noValidate aria-label="Passphrase policy">
        <section className="policy-section">
          <h2 className="policy-heading">Minimum entropy</h2>
          <p className="hint">
            For the passphrase that protects each person’s key, chosen when they join and whenever they change it.
          </p>
          <div className="form-field">
            <label htmlFor={`${id}-minimum`}>Required minimum</label>
            <div className="range-field range-field-wide">
              <input id={`${id}-minimum`} type="range" min={ENTROPY_MINIMUM_RANGE.min} max={ENTROPY_MINIMUM_RANGE.max} value={form.entropyMinimum}
                aria-valuetext={`${form.entropyMinimum} bits`} aria-describedby={`${id}-meaning`}
                onChange={(e) => setForm({ ...form, entropyMinimum: Number(e.target.value) })} />
              <output htmlFor={`${id}-minimum`} className="range-output-wide" data-testid="entropy-minimum">
                {form.entropyMinimum} bits · {strengthOf(form.entropyMinimum).label}
              </output>
            </div>
          </div>
          <dl className="policy-meaning" id={`${id}-meaning`}>
            <div>
              <dt>Required, {form.entropyMinimum} bits</dt>
              <dd>A new passphrase with less entropy is refused: people cannot join or change their passphrase with it.</dd>
            </div>
            <div>
              <dt>Recommended, {RECOMMENDED_ENTROPY_MINIMUM} bits</dt>
              <dd>
                {belowAdvice
                  ? `Between ${form.entropyMinimum} and ${RECOMMENDED_ENTROPY_MINIMUM} bits a passphrase is accepted with a warning; it never blocks.`
                  : 'Every passphrase that meets the required minimum already meets the recommendation.'}
              </dd>
            </div>
            <div>
              <dt>Existing passphrases</dt>
              <dd>Stay as they are until their owner changes them; signing in with a recovery kit only recommends.</dd>
            </div>
          </dl>
          {belowAdvice ? (
            <p className="policy-warning" role="note">
              <AlertIcon size={14} /> Tessera recommends requiring at least {RECOMMENDED_ENTROPY_MINIMUM} bits.
            </p>
          ) : null}
        </section>
        <section className="policy-section">
          <h2 className="policy-heading">Leaked passphrases</h2>
          <label className="switch-field">
            <input type="checkbox" role="switch" checked={form.externalDictionaryCheck} aria-describedby={`${id}-leak-hint`}
              onChange={(e) => setForm({ ...form, externalDictionaryCheck: e.target.checked })} />
            <span>Check new passphrases against known data breaches</span>
          </label>
          <p className="hint" id={`${id}-leak-hint`}>
            A passphrase found in a breach is refused. Only the first 5 characters of its SHA-1 hash leave the computer; the
            rest is compared on the computer. When the breach service cannot be reached, people are warned and can go on.
          </p>
          <p className="hint">
            Each computer asks the service named in its Settings, under Security: the public Pwned Passwords service, or
            your organisation’s own mirror.{' '}
            <button type="button" className="link-button" onClick={() => useViewStore.getState().show('settings')}>Open Settings</button>
          </p>
        </section>
        {error ? <p className="form-error" role="alert">{error}</p> : null}
        <div className="policy-actions">
          <button type="button" className="button button-quiet" onClick={() => setForm(saved)} disabled={!dirty || busy}>Discard changes</button>
          <button type="submit" className="button button-primary" disabled={!dirty || busy}>{busy ? 'Saving…' : 'Save passphrase policy'}</button>
        </div>
      </form>
    </div>
  );
}
