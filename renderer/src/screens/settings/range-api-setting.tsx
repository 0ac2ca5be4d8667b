// Settings › Security: this computer's address for the leaked-passphrase check, the public Pwned Passwords range
// API by default or an organisation's own mirror. Checked here as main checks it (https, or http to this computer
// only), saved when the field is left or on Enter, put back by Escape; once saved, one check through main says
// whether the address answers.
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { DEFAULT_RANGE_API_URL } from '../../../../common/ipc/settings';
import { call } from '../../api';
import { useSettingsStore } from '../../stores/settings.store';

/** A throwaway value: only the first 5 hex characters of its SHA-1 reach the service, and it means nothing. */
function probeValue(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `probe-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function RangeApiSetting() {
  const saved = useSettingsStore((s) => s.settings?.rangeApiUrl);
  const error = useSettingsStore((s) => s.errors.rangeApiUrl);
  const saving = useSettingsStore((s) => s.saving === 'rangeApiUrl');
  const { save, clearError } = useSettingsStore();
  const [text, setText] = useState(saved ?? '');
  const [probe, setProbe] = useState<'checking' | 'answered' | 'unreachable' | null>(null);
  const id = useId();

  // Follows the saved value (a change from another window, or the value main kept).
  useEffect(() => {
    if (saved !== undefined) setText(saved);
  }, [saved]);

  const commit = async (value: string) => {
    const next = value.trim();
    if (next === saved) return;
    setProbe(null);
    if (!(await save('rangeApiUrl', next))) return;
    setProbe('checking');
    const verdict = await call(window.tessera.policy.evaluate({ passphrase: probeValue(), policy: { entropyMinimum: 0, externalDictionaryCheck: true } }))
      .catch(() => null);
    setProbe(verdict && verdict.dictionary !== 'unavailable' ? 'answered' : 'unreachable');
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void commit(text);
    } else if (e.key === 'Escape' && saved !== undefined && text !== saved) {
      e.preventDefault();
      e.stopPropagation();
      setText(saved);
      clearError('rangeApiUrl');
    }
  };

  return (
    <div className="settings-row settings-row-wide">
      <div className="settings-text">
        <label className="settings-label" htmlFor={id}>Leaked-passphrase check service</label>
        <p className="settings-hint" id={`${id}-hint`}>
          When a passphrase is chosen on this computer, the first 5 characters of its SHA-1 hash are added to this address
          and the rest is compared here. Use your organisation’s mirror of the Pwned Passwords range API, or the public one.
        </p>
        {error ? <p className="settings-error" id={`${id}-error`} role="alert">{error}</p> : null}
        {probe && !error ? (
          <p className={probe === 'unreachable' ? 'settings-error' : 'settings-hint'} role="status" data-testid="range-probe">
            {probe === 'checking' ? 'Checking the address…'
              : probe === 'answered' ? 'The service answered.'
                : 'The service did not answer: passphrases chosen here will be accepted with a warning that they could not be checked.'}
          </p>
        ) : null}
      </div>
      <div className="settings-control settings-range-api">
        <input id={id} type="url" className="mono-input" value={text} spellCheck={false} autoComplete="off" maxLength={2048}
          disabled={saved === undefined || saving} aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
          onChange={(e) => {
            setText(e.target.value);
            clearError('rangeApiUrl');
          }}
          onBlur={() => void commit(text)} onKeyDown={onKeyDown} />
        <button type="button" className="button button-quiet button-small" disabled={saving || saved === DEFAULT_RANGE_API_URL}
          onClick={() => void commit(DEFAULT_RANGE_API_URL)}>
          Use the public service
        </button>
      </div>
    </div>
  );
}
