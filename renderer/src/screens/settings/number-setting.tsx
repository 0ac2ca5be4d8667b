// A whole-number setting typed into a small field (minutes, seconds): saved when the field is left or on Enter,
// put back by Escape, and explained next to the field when the number does not fit.
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { useSettingsStore } from '../../stores/settings.store';

type NumericKey = 'autoLockMinutes' | 'clipboardClearSeconds';

interface NumberSettingProps {
  readonly settingKey: NumericKey;
  readonly label: string;
  readonly unit: string;
  readonly hint: string;
}

export function NumberSetting({ settingKey, label, unit, hint }: NumberSettingProps) {
  const saved = useSettingsStore((s) => s.settings?.[settingKey]);
  const error = useSettingsStore((s) => s.errors[settingKey]);
  const { save, fail, clearError } = useSettingsStore();
  const [text, setText] = useState(saved === undefined ? '' : String(saved));
  const id = useId();

  // Follows the saved value (a change from another window, or the value main kept).
  useEffect(() => {
    if (saved !== undefined) setText(String(saved));
  }, [saved]);

  const commit = () => {
    const trimmed = text.trim();
    if (saved !== undefined && trimmed === String(saved)) return;
    if (!/^\d{1,7}$/.test(trimmed)) {
      fail(settingKey, `Enter a whole number of ${unit}.`);
      return;
    }
    void save(settingKey, Number(trimmed));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      commit();
    } else if (e.key === 'Escape' && saved !== undefined && text !== String(saved)) {
      e.preventDefault();
      e.stopPropagation();
      setText(String(saved));
      clearError(settingKey);
    }
  };

  return (
    <div className="settings-row">
      <div className="settings-text">
        <label className="settings-label" htmlFor={id}>{label}</label>
        <p className="settings-hint" id={`${id}-hint`}>{hint}</p>
        {error ? <p className="settings-error" id={`${id}-error`} role="alert">{error}</p> : null}
      </div>
      <div className="settings-control settings-number">
        <input
          id={id}
          type="text"
          inputMode="numeric"
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
          onChange={(e) => {
            setText(e.target.value);
            clearError(settingKey);
          }}
          onBlur={commit}
          onKeyDown={onKeyDown}
          maxLength={7}
          autoComplete="off"
        />
        <span className="settings-unit" aria-hidden="true">{unit}</span>
      </div>
    </div>
  );
}
