// The Settings view's state: this computer's preferences and the quick-access shortcut's state as main reports
// them, which field is saving, and each field's error. A value is checked here first (so a mistake is explained
// next to the field), then main checks it again and saves it to the profile.
import { create } from 'zustand';
import type { EventPayload } from '../../../common/ipc';
import { settingsSchema, type Settings } from '../../../common/ipc/settings';
import { call, sentence } from '../api';

export type SettingsKey = keyof Settings;
type State = EventPayload<'settings.changed'>;

/** What to say when a value is out of its range, per field; the schema's own message otherwise. */
const rangeWords: Partial<Record<SettingsKey, string>> = {
  autoLockMinutes: 'Enter a whole number of minutes from 0 to 1440 (24 hours); 0 locks only when you lock.',
  clipboardClearSeconds: 'Enter a whole number of seconds from 5 to 600 (10 minutes).',
  rememberPassphraseMinutes: 'Choose one of the durations offered.',
};

interface SettingsState {
  readonly settings: Settings | null;
  readonly shortcut: State['shortcut'] | null;
  readonly loadError: string | null;
  readonly saving: SettingsKey | null;
  readonly errors: Partial<Record<SettingsKey, string>>;
  /** Counts saves, so the "Saved" line is announced again after each one. */
  readonly saved: number;
  load(): Promise<void>;
  /** Saves one setting; resolves with whether it was saved. */
  save<K extends SettingsKey>(key: K, value: Settings[K]): Promise<boolean>;
  /** A field's value was not even a number, or the recorder refused a key: said next to the field. */
  fail(key: SettingsKey, message: string): void;
  clearError(key: SettingsKey): void;
  /** Main says the settings or the shortcut's state changed (here or in another window). */
  changed(state: State): void;
}

export const useSettingsStore = create<SettingsState>()((set, get) => ({
  settings: null,
  shortcut: null,
  loadError: null,
  saving: null,
  errors: {},
  saved: 0,

  async load() {
    try {
      const state = await call(window.tessera.settings.get());
      set({ settings: state.settings, shortcut: state.shortcut, loadError: null });
    } catch (error) {
      set({ loadError: sentence(error) });
    }
  },

  async save(key, value) {
    const checked = settingsSchema.shape[key].safeParse(value);
    if (!checked.success) {
      get().fail(key, rangeWords[key] ?? checked.error.issues[0]?.message ?? 'This value cannot be used.');
      return false;
    }
    // Shown at once (a switch flips when clicked, not when main answers); put back if main refuses it.
    const before = get().settings;
    set((s) => ({
      saving: key,
      errors: { ...s.errors, [key]: undefined },
      settings: s.settings ? { ...s.settings, [key]: checked.data } : s.settings,
    }));
    try {
      const state = await call(window.tessera.settings.update({ [key]: checked.data }));
      set((s) => ({ settings: state.settings, shortcut: state.shortcut, saving: null, saved: s.saved + 1 }));
      return true;
    } catch (error) {
      set((s) => ({
        saving: null,
        errors: { ...s.errors, [key]: sentence(error) },
        settings: s.settings && before ? { ...s.settings, [key]: before[key] } : s.settings,
      }));
      return false;
    }
  },

  fail(key, message) {
    set((s) => ({ errors: { ...s.errors, [key]: message } }));
  },

  clearError(key) {
    if (get().errors[key] === undefined) return;
    set((s) => ({ errors: { ...s.errors, [key]: undefined } }));
  },

  changed(state) {
    set({ settings: state.settings, shortcut: state.shortcut });
  },
}));
