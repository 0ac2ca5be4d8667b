// The password generator's defaults for the whole organisation: a password of some length and character classes,
// or a passphrase of some number of words. Everyone's generator starts from these; people can still adjust a
// password they generate.
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { GeneratorOptions, MethodResponse } from '../../../../common/ipc';
import { call, sentence } from '../../api';
import { useToastStore } from '../../stores/toast.store';
import { strengthLabel } from '../../text/format';

const CLASSES: Array<[keyof GeneratorOptions, string, string]> = [
  ['uppercase', 'A–Z', 'Uppercase letters'],
  ['lowercase', 'a–z', 'Lowercase letters'],
  ['digits', '0–9', 'Digits'],
  ['symbols', '!@#', 'Symbols'],
];

function same(a: GeneratorOptions, b: GeneratorOptions): boolean {
  return (Object.keys(a) as Array<keyof GeneratorOptions>).every((k) => a[k] === b[k]);
}

export function PasswordPolicyTab() {
  const [saved, setSaved] = useState<GeneratorOptions | null>(null);
  const [form, setForm] = useState<GeneratorOptions | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sample, setSample] = useState<MethodResponse<'generator.generate'> | null>(null);
  const toast = useToastStore((s) => s.show);
  const lengthId = useId();
  const wordsId = useId();

  const load = async () => {
    setLoadError(null);
    try {
      const policy = await call(window.tessera.admin.passwordPolicy());
      setSaved(policy);
      setForm(policy);
    } catch (e) {
      setLoadError(sentence(e));
    }
  };

  useEffect(() => {
    void load();
  }, []);

  // How strong a secret these settings make, from the generator itself.
  useEffect(() => {
    if (!form) return;
    let live = true;
    const timer = setTimeout(() => {
      call(window.tessera.generator.generate(form)).then((g) => live && setSample(g), () => live && setSample(null));
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [form]);

  if (!form || !saved) {
    return loadError ? (
      <div className="view-state" role="alert">
        <p>{loadError}</p>
        <button type="button" className="button button-secondary" onClick={() => void load()}>Try again</button>
      </div>
    ) : (
      <div className="view-state" role="status" aria-busy="true">Loading the password policy…</div>
    );
  }

  const change = (changes: Partial<GeneratorOptions>) => setForm({ ...form, ...changes });
  const noClass = form.kind === 'password' && !(form.uppercase || form.lowercase || form.digits || form.symbols);
  const dirty = !same(form, saved);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (noClass) return;
    setBusy(true);
    setError(null);
    try {
      const next = await call(window.tessera.admin.setPasswordPolicy(form));
      setSaved(next);
      setForm(next);
      toast('Password policy saved', { detail: 'New passwords everyone generates start from these settings.' });
    } catch (err) {
      setError(sentence(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="policy-form" onSubmit={(e) => void submit(e)} noValidate aria-label="Password policy">
      <section className="policy-section">
        <h2 className="policy-heading">Generated passwords</h2>
        <p className="hint">What the generator makes by default for everyone in the organisation.</p>
        <div className="form-field">
          <span className="label" id={`${lengthId}-kind`}>Default kind</span>
          <div className="segmented" role="radiogroup" aria-labelledby={`${lengthId}-kind`}>
            {(['password', 'passphrase'] as const).map((kind) => (
              <label key={kind} className={form.kind === kind ? 'segment on' : 'segment'}>
                <input type="radio" name="policy-kind" value={kind} checked={form.kind === kind} onChange={() => change({ kind })} />
                {kind === 'password' ? 'Password' : 'Passphrase'}
              </label>
            ))}
          </div>
        </div>
        {form.kind === 'password' ? (
          <>
            <div className="form-field">
              <label htmlFor={lengthId}>Length</label>
              <div className="range-field range-field-wide">
                <input id={lengthId} type="range" min={8} max={128} value={form.length} onChange={(e) => change({ length: Number(e.target.value) })} />
                <output htmlFor={lengthId}>{form.length}</output>
              </div>
            </div>
            <div className="form-field">
              <span className="label" id={`${lengthId}-classes`}>Characters</span>
              <div className="checks" role="group" aria-labelledby={`${lengthId}-classes`}>
                {CLASSES.map(([key, short, long]) => (
                  <label key={key} className="check" title={long}>
                    <input type="checkbox" aria-label={long} checked={Boolean(form[key])} onChange={(e) => change({ [key]: e.target.checked })} />
                    <span aria-hidden="true">{short}</span>
                  </label>
                ))}
              </div>
              {noClass ? <p className="field-error field-error-below" role="alert">Choose at least one kind of character.</p> : null}
            </div>
          </>
        ) : (
          <div className="form-field">
            <label htmlFor={wordsId}>Words</label>
            <div className="range-field range-field-wide">
              <input id={wordsId} type="range" min={4} max={40} value={form.words} onChange={(e) => change({ words: Number(e.target.value) })} />
              <output htmlFor={wordsId}>{form.words}</output>
            </div>
          </div>
        )}
        <p className="policy-outcome" data-testid="policy-strength">
          {sample && !noClass
            ? `${strengthLabel(sample.strength)} · about ${Math.round(sample.entropy)} bits of entropy`
            : 'Strength appears here.'}
        </p>
      </section>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      <div className="policy-actions">
        <button type="button" className="button button-quiet" onClick={() => setForm(saved)} disabled={!dirty || busy}>Discard changes</button>
        <button type="submit" className="button button-primary" disabled={!dirty || busy || noClass}>{busy ? 'Saving…' : 'Save password policy'}</button>
      </div>
    </form>
  );
}
