// An on/off setting: a switch (a checkbox with the switch role), saved as soon as it is flipped.
import { useId } from 'react';
import { useSettingsStore } from '../../stores/settings.store';

type BooleanKey = 'quickAccessEnabled' | 'closeToTray' | 'fastCrypto';

export function SwitchSetting({ settingKey, label, hint }: { readonly settingKey: BooleanKey; readonly label: string; readonly hint: string }) {
  const value = useSettingsStore((s) => s.settings?.[settingKey] ?? false);
  const error = useSettingsStore((s) => s.errors[settingKey]);
  const save = useSettingsStore((s) => s.save);
  const id = useId();
  return (
    <div className="settings-row">
      <div className="settings-text">
        <label className="settings-label" htmlFor={id}>{label}</label>
        <p className="settings-hint" id={`${id}-hint`}>{hint}</p>
        {error ? <p className="settings-error" role="alert">{error}</p> : null}
      </div>
      <div className="settings-control">
        <input id={id} type="checkbox" role="switch" className="switch" checked={value}
          aria-describedby={`${id}-hint`} onChange={(e) => void save(settingKey, e.target.checked)} />
      </div>
    </div>
  );
}
