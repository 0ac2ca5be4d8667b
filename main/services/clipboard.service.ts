// Copy a field to the clipboard from main (the renderer only names the resource and the field), and clear it
// again: after a timeout (default 30 s), on lock and on quit, but only if the clipboard still holds what Tessera put
// there. Only a SHA-256 of the copied value is kept to recognise it. The OS clipboard is a
// port: main/electron implements it with Electron's clipboard, marking the copy concealed where the OS allows.
import { createHash } from 'node:crypto';
import { systemClock, type Clock } from './ports';
import type { ResourceField, SecretService } from './secret.service';
import type { SessionService } from './session.service';

/** Asynchronous: Electron's clipboard is from version 44, and the dev preview's goes through a helper process. */
export interface SystemClipboard {
  readText(): Promise<string>;
  /** Writes `text`, marked as a password for clipboard managers and history where the OS has a format for it. */
  writeSecret(text: string): Promise<void>;
  clear(): Promise<void>;
}

export interface CopyResult {
  /** The copied secret is unsigned or signed by a non-member: the UI must warn. */
  flagged: boolean;
  warning?: string;
  /** When the clipboard will be cleared (ms from now). */
  clearsInMs: number;
}

const DEFAULT_CLEAR_AFTER_MS = 30_000;

export class ClipboardService {
  private copiedHash: string | undefined;
  private timer: unknown;
  private readonly clock: Clock;
  private clearAfterMs: number;

  constructor(
    session: SessionService,
    private readonly secrets: Pick<SecretService, 'readField'>,
    private readonly clipboard: SystemClipboard,
    options: { clock?: Clock; clearAfterMs?: number } = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.clearAfterMs = options.clearAfterMs ?? DEFAULT_CLEAR_AFTER_MS;
    session.onLock(() => void this.clearIfOurs().catch(() => false));
  }

  async copy(resourceId: string, field: ResourceField): Promise<CopyResult> {
    const { value, flagged, warning } = await this.secrets.readField(resourceId, field);
    await this.clipboard.writeSecret(value);
    this.copiedHash = hash(value);
    this.schedule();
    return { flagged, ...(warning ? { warning } : {}), clearsInMs: this.clearAfterMs };
  }

  setClearAfter(ms: number): void {
    if (!Number.isFinite(ms) || ms < 1000) throw new RangeError('The clipboard timeout must be at least one second.');
    this.clearAfterMs = ms;
  }

  /** Clears the clipboard if it still holds our copy; resolves with whether it did. */
  async clearIfOurs(): Promise<boolean> {
    this.cancelTimer();
    const expected = this.copiedHash;
    this.copiedHash = undefined;
    if (expected === undefined) return false;
    const ours = hash(await this.clipboard.readText()) === expected;
    if (ours) await this.clipboard.clear();
    return ours;
  }

  /** On quit. */
  dispose(): Promise<boolean> {
    return this.clearIfOurs();
  }

  private schedule(): void {
    this.cancelTimer();
    this.timer = this.clock.setTimeout(() => void this.clearIfOurs().catch(() => false), this.clearAfterMs);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
