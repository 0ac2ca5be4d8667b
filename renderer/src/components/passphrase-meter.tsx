// The live verdict on a passphrase being chosen: entropy against the organisation's minimum and the leaked
// check, asked of main (policy.evaluate) once typing pauses. What main blocks (below the required minimum, found in
// a breach) is shown as refused; below the recommended minimum, or with the breach check unreachable, the meter
// only warns.
import { useEffect, useState } from 'react';
import { RECOMMENDED_ENTROPY_MINIMUM } from '../../../common/api/policies';
import type { PassphrasePolicyView, PassphraseVerdict } from '../../../common/ipc';
import { call, sentence } from '../api';
import { useDebounced } from '../hooks/use-debounced';
import { strengthLabel } from '../text/format';

export function usePassphraseVerdict(passphrase: string, policy: PassphrasePolicyView | null) {
  const settled = useDebounced(passphrase, 250);
  const [verdict, setVerdict] = useState<{ for: string; verdict: PassphraseVerdict } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!policy || settled === '') return;
    let live = true;
    call(window.tessera.policy.evaluate({ passphrase: settled, policy })).then(
      (v) => {
        if (!live) return;
        setVerdict({ for: settled, verdict: v });
        setError(null);
      },
      (e: unknown) => live && setError(sentence(e)),
    );
    return () => {
      live = false;
    };
  }, [settled, policy]);
  // A verdict counts only for the passphrase now in the field.
  const current = verdict && verdict.for === passphrase ? verdict.verdict : null;
  return { verdict: current, pending: passphrase !== '' && current === null && error === null, error };
}

export function PassphraseMeter({ id, verdict, pending, error, policy }: {
  readonly id: string;
  readonly verdict: PassphraseVerdict | null;
  readonly pending: boolean;
  readonly error: string | null;
  readonly policy: PassphrasePolicyView;
}) {
  const minimum = verdict?.entropyMinimum ?? policy.entropyMinimum;
  const bits = verdict ? Math.round(verdict.entropy) : 0;
  // The bar fills to the minimum at 2/3, so a passphrase that just meets the policy does not look "full".
  const fill = Math.min(100, Math.round((bits / Math.max(1, minimum * 1.5)) * 100));
  // Accepted, but below what Passbolt advises: a warning that never blocks.
  const belowAdvice = verdict !== null && verdict.allowed && verdict.meetsEntropyMinimum && verdict.entropy < RECOMMENDED_ENTROPY_MINIMUM;
  const state = !verdict ? 'none' : !verdict.allowed ? 'block' : verdict.meetsEntropyMinimum && !belowAdvice ? 'good' : 'weak';
  return (
    <div className="meter" id={id} aria-live="polite">
      <div className={`meter-bar meter-${state}`} aria-hidden="true">
        <span className="meter-fill" style={{ width: `${fill}%` }} />
        <span className="meter-minimum" />
      </div>
      <p className="meter-text" data-testid="passphrase-verdict">
        {verdict
          ? `${strengthLabel(verdict.strength)} · ${bits} of ${minimum} bits your organisation requires`
          : pending
            ? 'Checking…'
            : `Your organisation requires at least ${minimum} bits of entropy.`}
      </p>
      {verdict ? (
        <p className="meter-leak">
          {verdict.dictionary === 'leaked'
            ? `Found in ${verdict.leakCount ? `${verdict.leakCount.toLocaleString()} ` : ''}known data breaches.`
            : verdict.dictionary === 'not-found'
              ? 'Not found in known data breaches.'
              : verdict.dictionary === 'unavailable'
                ? 'The breach check could not be reached.'
                : policy.externalDictionaryCheck ? '' : 'Your organisation does not check breach lists.'}
        </p>
      ) : null}
      {verdict?.problems.map((p) => (
        <p key={p.code} className={p.severity === 'block' ? 'meter-problem block' : 'meter-problem'}>{p.message}</p>
      ))}
      {belowAdvice ? (
        <p className="meter-problem" data-testid="passphrase-advice">
          Accepted, but below the recommended {RECOMMENDED_ENTROPY_MINIMUM} bits: a few more words would make it safer.
        </p>
      ) : null}
      {error ? <p className="meter-problem">{error}</p> : null}
    </div>
  );
}
