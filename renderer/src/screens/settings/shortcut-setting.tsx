// The quick-access shortcut: on or off, the key combination (focus the field and press the new one; it is
// recorded as pressed and saved at once), and whether main could register it, or why not.
import { useId, useState, type KeyboardEvent } from 'react';
import { displayAccelerator, recordAccelerator } from '../../../../common/accelerator';
import { DEFAULT_QUICK_ACCESS_SHORTCUT } from '../../../../common/ipc/settings';
import { AlertIcon, CheckIcon } from '../../icons/icons';
import { useSettingsStore } from '../../stores/settings.store';
import { SwitchSetting } from './switch-setting';

export function ShortcutSetting({ platform }: { readonly platform: string }) {
  const settings = useSettingsStore((s) => s.settings);
  const shortcut = useSettingsStore((s) => s.shortcut);
  const error = useSettingsStore((s) => s.errors.quickAccessShortcut);
  const saving = useSettingsStore((s) => s.saving === 'quickAccessShortcut');
  const { save, fail, clearError } = useSettingsStore();
  // While keys are held: the modifiers so far ("Ctrl+Alt+…"); null shows the saved shortcut.
  const [held, setHeld] = useState<string | null>(null);
  const id = useId();
  if (!settings) return null;
  const enabled = settings.quickAccessEnabled;
  const keys = displayAccelerator(settings.quickAccessShortcut, platform);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    // Tab and Shift+Tab still move on; everything else is the shortcut being recorded.
    if (e.key === 'Tab' && !e.ctrlKey && !e.altKey && !e.metaKey) return;
    e.preventDefault();
    e.stopPropagation();
    // Focus stays here while a shortcut saves (disabling the field would lose it); keys wait for the answer.
    if (saving) return;
    if (e.key === 'Escape' && !e.ctrlKey && !e.altKey && !e.metaKey && !e.shiftKey) {
      setHeld(null);
      clearError('quickAccessShortcut');
      return;
    }
    const recorded = recordAccelerator(e, platform);
    if (recorded.kind === 'partial') {
      setHeld(recorded.held || null);
    } else if (recorded.kind === 'invalid') {
      setHeld(null);
      fail('quickAccessShortcut', recorded.message);
    } else {
      setHeld(null);
      if (recorded.accelerator !== settings.quickAccessShortcut) void save('quickAccessShortcut', recorded.accelerator);
      else clearError('quickAccessShortcut');
    }
  };

  return (
    <>
      <SwitchSetting settingKey="quickAccessEnabled" label="Open quick search with a keyboard shortcut"
        hint="From any application: search, press Enter, and the password is on the clipboard." />
      <div className="settings-row">
        <div className="settings-text">
          <label className="settings-label" htmlFor={id}>Quick-access shortcut</label>
          <p className="settings-hint" id={`${id}-hint`}>Click the field and press the new key combination. Escape keeps the current one.</p>
          {error ? <p className="settings-error" id={`${id}-error`} role="alert">{error}</p> : null}
        </div>
        <div className="settings-control settings-shortcut">
          <input
            id={id}
            type="text"
            readOnly
            className="shortcut-input"
            value={held ?? keys}
            disabled={!enabled}
            aria-busy={saving || undefined}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
            onKeyDown={onKeyDown}
            onKeyUp={(e) => {
              if (held !== null && !e.ctrlKey && !e.altKey && !e.metaKey && !e.shiftKey) setHeld(null);
            }}
            onBlur={() => setHeld(null)}
          />
          {settings.quickAccessShortcut !== DEFAULT_QUICK_ACCESS_SHORTCUT ? (
            <button type="button" className="button button-quiet button-small" disabled={!enabled || saving}
              onClick={() => void save('quickAccessShortcut', DEFAULT_QUICK_ACCESS_SHORTCUT)}>
              Use {displayAccelerator(DEFAULT_QUICK_ACCESS_SHORTCUT, platform)}
            </button>
          ) : null}
        </div>
      </div>
      {shortcut ? (
        <p className={shortcut.registered ? 'settings-state settings-state-ok' : 'settings-state settings-state-warn'} role="status" data-testid="shortcut-state">
          {shortcut.registered ? <CheckIcon size={14} /> : <AlertIcon size={14} />}
          <span>
            {shortcut.registered ? `${keys} opens quick search from anywhere.` : 'The shortcut is not active.'}
            {shortcut.message ? ` ${shortcut.message}` : ''}
          </span>
        </p>
      ) : null}
    </>
  );
}
