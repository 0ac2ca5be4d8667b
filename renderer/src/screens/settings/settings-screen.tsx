// Settings: this computer's preferences, kept in the profile by main. Each change is saved as it is made
// (numbers when their field is left), checked first here so a mistake is explained next to its field.
import { useEffect, useId, useState } from 'react';
import type { Settings } from '../../../../common/ipc/settings';
import { call } from '../../api';
import { useSessionStore } from '../../stores/session.store';
import { useSettingsStore } from '../../stores/settings.store';
import { NumberSetting } from './number-setting';
import { RangeApiSetting } from './range-api-setting';
import { ShortcutSetting } from './shortcut-setting';
import { SwitchSetting } from './switch-setting';

/** The same durations the unlock screen offers under "Remember for". */
const rememberChoices: ReadonlyArray<readonly [number, string]> = [
  [0, 'Never'],
  [15, '15 minutes'],
  [60, '1 hour'],
  [8 * 60, '8 hours'],
  [24 * 60, '1 day'],
  [7 * 24 * 60, '7 days'],
];

const themes: ReadonlyArray<readonly [Settings['theme'], string]> = [['system', 'System'], ['light', 'Light'], ['dark', 'Dark']];

function RememberSetting() {
  const value = useSettingsStore((s) => s.settings?.rememberPassphraseMinutes ?? 0);
  const error = useSettingsStore((s) => s.errors.rememberPassphraseMinutes);
  const save = useSettingsStore((s) => s.save);
  const available = useSessionStore((s) => s.status?.rememberAvailable ?? false);
  const id = useId();
  // A value set elsewhere (an older version, by hand) stays selectable rather than shown as something else.
  const choices = rememberChoices.some(([m]) => m === value) ? rememberChoices : [...rememberChoices, [value, `${value} minutes`] as const];
  return (
    <div className="settings-row">
      <div className="settings-text">
        <label className="settings-label" htmlFor={id}>Remember the passphrase for at most</label>
        <p className="settings-hint" id={`${id}-hint`}>
          {available
            ? 'The unlock screen offers to remember your passphrase for up to this long, and never past quitting Tessera: the keychain holds it sealed with a key that exists only while Tessera runs. Never: it is not offered.'
            : 'This computer has no keychain Tessera can use, so a passphrase is never remembered here.'}
        </p>
        {error ? <p className="settings-error" role="alert">{error}</p> : null}
      </div>
      <div className="settings-control">
        <select id={id} value={value} disabled={!available} aria-describedby={`${id}-hint`}
          onChange={(e) => void save('rememberPassphraseMinutes', Number(e.target.value))}>
          {choices.map(([minutes, label]) => <option key={minutes} value={minutes}>{label}</option>)}
        </select>
      </div>
    </div>
  );
}

function ThemeSetting() {
  const theme = useSettingsStore((s) => s.settings?.theme ?? 'system');
  const save = useSettingsStore((s) => s.save);
  const id = useId();
  return (
    <div className="settings-row">
      <div className="settings-text">
        <span className="settings-label" id={id}>Theme</span>
        <p className="settings-hint" id={`${id}-hint`}>System follows your desktop’s light or dark mode.</p>
      </div>
      <div className="settings-control">
        <div className="segmented" role="radiogroup" aria-labelledby={id} aria-describedby={`${id}-hint`}>
          {themes.map(([value, label]) => (
            <label key={value} className={theme === value ? 'segment on' : 'segment'}>
              <input type="radio" name="settings-theme" value={value} checked={theme === value} onChange={() => void save('theme', value)} />
              {label}
            </label>
          ))}
        </div>
      </div>
    </div>
  );
}

function SavedNote() {
  const saved = useSettingsStore((s) => s.saved);
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (saved === 0) return;
    setShown(true);
    const timer = setTimeout(() => setShown(false), 2500);
    return () => clearTimeout(timer);
  }, [saved]);
  return <p className="settings-saved" role="status" aria-live="polite">{shown ? 'Saved' : ''}</p>;
}

export function SettingsScreen() {
  const { settings, loadError, load, changed } = useSettingsStore();
  const [platform, setPlatform] = useState<string>('linux');
  const titleId = useId();

  useEffect(() => {
    void load();
    let live = true;
    void call(window.tessera.app.info()).then((info) => live && setPlatform(info.platform), () => undefined);
    const off = window.tessera.on('settings.changed', changed);
    return () => {
      live = false;
      off();
    };
  }, [load, changed]);

  return (
    <section className="view-pane settings" aria-labelledby={titleId}>
      <header className="settings-header">
        <h1 className="settings-title" id={titleId}>Settings</h1>
        <SavedNote />
      </header>
      {loadError ? (
        <div className="settings-body">
          <p className="inline-error" role="alert">{loadError}</p>
          <button type="button" className="button button-secondary" onClick={() => void load()}>Try again</button>
        </div>
      ) : !settings ? (
        <div className="settings-body" aria-busy="true" />
      ) : (
        <div className="settings-body">
          <section className="settings-section" aria-labelledby={`${titleId}-security`}>
            <h2 className="settings-section-title" id={`${titleId}-security`}>Security</h2>
            <NumberSetting settingKey="autoLockMinutes" label="Lock after inactivity" unit="minutes"
              hint="The vault also locks when the computer sleeps or the screen locks. 0: only then, or when you lock it." />
            <NumberSetting settingKey="clipboardClearSeconds" label="Clear copied passwords after" unit="seconds"
              hint="Only if the clipboard still holds what Tessera copied; it is also cleared when the vault locks." />
            <RememberSetting />
            <RangeApiSetting />
          </section>
          <section className="settings-section" aria-labelledby={`${titleId}-appearance`}>
            <h2 className="settings-section-title" id={`${titleId}-appearance`}>Appearance</h2>
            <ThemeSetting />
          </section>
          <section className="settings-section" aria-labelledby={`${titleId}-quick`}>
            <h2 className="settings-section-title" id={`${titleId}-quick`}>Quick access</h2>
            <ShortcutSetting platform={platform} />
          </section>
          <section className="settings-section" aria-labelledby={`${titleId}-window`}>
            <h2 className="settings-section-title" id={`${titleId}-window`}>Window</h2>
            <SwitchSetting settingKey="closeToTray" label="Keep Tessera in the tray when the window is closed"
              hint="Quick search and the shortcut keep working. Where the desktop has no tray, closing the window quits." />
          </section>
          <section className="settings-section" aria-labelledby={`${titleId}-advanced`}>
            <h2 className="settings-section-title" id={`${titleId}-advanced`}>Advanced</h2>
            <SwitchSetting settingKey="fastCrypto" label="Faster encryption for sharing and groups"
              hint="Large shares and group changes use the system’s built-in cryptography. Off: OpenPGP.js does all of it, more slowly." />
          </section>
        </div>
      )}
    </section>
  );
}
