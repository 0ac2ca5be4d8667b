// A passphrase input as the guidelines want it: no autocomplete, no spell check, an optional show toggle.
import { useId, useState } from 'react';
import { EyeIcon, EyeOffIcon } from '../icons/icons';

interface PassphraseFieldProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly autoFocus?: boolean;
  readonly describedBy?: string;
  readonly invalid?: boolean;
  readonly disabled?: boolean;
}

export function PassphraseField({ label, value, onChange, autoFocus, describedBy, invalid, disabled }: PassphraseFieldProps) {
  const id = useId();
  const [shown, setShown] = useState(false);
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      <div className="password-input password-input-inset">
        <input
          id={id}
          type={shown ? 'text' : 'password'}
          value={value}
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="off"
          autoFocus={autoFocus}
          // Inside a dialog, focus lands here once it opens (see dialog.tsx).
          {...(autoFocus ? { 'data-autofocus': true } : {})}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          disabled={disabled}
          maxLength={1024}
          onChange={(e) => onChange(e.target.value)}
        />
        <button type="button" className="icon-button" aria-label={shown ? `Hide ${label.toLowerCase()}` : `Show ${label.toLowerCase()}`} aria-pressed={shown} onClick={() => setShown((v) => !v)} disabled={disabled}>
          {shown ? <EyeOffIcon /> : <EyeIcon />}
        </button>
      </div>
    </div>
  );
}
