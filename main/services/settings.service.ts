// This computer's preferences (auto-lock, clipboard delay, remember duration, theme, quick access, the breach
// check's range API), kept in
// settings.json in the profile folder and applied to the services that use them. Nothing secret is stored
// here. A file that cannot be read or no longer fits the schema falls back to the defaults field by field, so
// one bad value never loses the others.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../common/ipc/settings';
import { DomainError } from '../../common/ipc';
import { definedOnly } from './defined-only';

/** `previous` is undefined on the first call, made when subscribing. */
export type SettingsListener = (settings: Settings, previous: Settings | undefined) => void;

export class SettingsService {
  #settings: Settings;
  readonly #listeners = new Set<SettingsListener>();

  constructor(private readonly file: string) {
    this.#settings = readSettings(file);
  }

  get(): Settings {
    return { ...this.#settings };
  }

  /** Validates, saves, then tells every listener (which apply the change). */
  update(changes: Partial<Settings>): Settings {
    const parsed = settingsSchema.partial().safeParse(changes);
    if (!parsed.success) {
      // A rule with its own sentence (the breach check's address) says what is wrong; the rest are out of range.
      const custom = parsed.error.issues.find((issue) => issue.code === 'custom');
      throw new DomainError('POLICY_VIOLATION', custom?.message ?? 'One of these settings is out of range.');
    }
    const previous = this.#settings;
    const next: Settings = { ...previous, ...definedOnly(parsed.data) };
    writeAtomically(this.file, `${JSON.stringify(next, null, 2)}\n`);
    this.#settings = next;
    for (const listener of this.#listeners) listener({ ...next }, previous);
    return { ...next };
  }

  /** Calls `listener` now with the current settings, and after every change; returns the unsubscribe. */
  subscribe(listener: SettingsListener): () => void {
    this.#listeners.add(listener);
    listener({ ...this.#settings }, undefined);
    return () => this.#listeners.delete(listener);
  }
}

function readSettings(file: string): Settings {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  if (raw && typeof raw === 'object') {
    for (const [key, field] of Object.entries(settingsSchema.shape)) {
      const value = field.safeParse((raw as Record<string, unknown>)[key]);
      if (value.success) out[key] = value.data;
    }
  }
  return out as Settings;
}

function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text, { mode: 0o600 });
  renameSync(temp, file);
}
