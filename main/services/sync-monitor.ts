// What the status bar shows about syncing (syncing, up to date, offline and read-only, failed), and when syncs
// run: right after an unlock, every few minutes while unlocked, and when the user asks. Every change of state
// is published as `sync.status`, so the window never polls.
import type { SyncStatus } from '../../common/ipc';
import { DomainError } from '../../common/ipc';
import { systemClock, type Clock, type EventSink } from './ports';
import type { SessionService } from './session.service';
import type { SyncOptions, SyncReport, SyncService } from './sync.service';

const DEFAULT_INTERVAL_MS = 5 * 60_000;

export interface SyncMonitorOptions {
  /** Time between background syncs while unlocked; 0 disables them. */
  intervalMs?: number;
  clock?: Clock;
}

export class SyncMonitor {
  private state: SyncStatus = { state: 'idle', lastSync: null };
  private timer: unknown;
  private readonly clock: Clock;
  private readonly intervalMs: number;

  constructor(
    private readonly session: SessionService,
    private readonly sync: Pick<SyncService, 'sync' | 'lastSync'>,
    private readonly events: EventSink,
    options: SyncMonitorOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
    session.onLock(() => {
      this.stopTimer();
      this.state = { state: 'idle', lastSync: null };
    });
  }

  status(): SyncStatus {
    if (this.session.isLocked()) return { state: 'idle', lastSync: null };
    const lastSync = this.state.lastSync ?? this.sync.lastSync() ?? null;
    if (this.state.state === 'syncing' || this.state.state === 'error') return { ...this.state, lastSync };
    if (this.session.status().offline) {
      return { state: 'offline', lastSync, message: 'The server cannot be reached. You can still read and copy what is on this computer.' };
    }
    return { state: 'idle', lastSync };
  }

  /** Call after an unlock: syncs in the background and keeps syncing every few minutes. */
  started(): void {
    void this.run().catch(() => undefined);
  }

  /** Runs a sync now (or joins the one running) and reports the new state either way. */
  async run(options: SyncOptions = {}): Promise<SyncReport> {
    this.stopTimer();
    this.publish({ state: 'syncing', lastSync: this.state.lastSync });
    try {
      const report = await this.sync.sync(options);
      this.publish({ state: 'idle', lastSync: this.clock.now() });
      return report;
    } catch (error) {
      if (!this.session.isLocked()) {
        const offline = error instanceof DomainError && (error.code === 'NETWORK_UNAVAILABLE' || this.session.status().offline === true);
        this.publish(offline
          ? { state: 'offline', lastSync: this.state.lastSync, message: 'The server cannot be reached. You can still read and copy what is on this computer.' }
          : { state: 'error', lastSync: this.state.lastSync, message: error instanceof DomainError ? error.message : 'The sync failed. Try again.' });
      }
      throw error;
    } finally {
      this.schedule();
    }
  }

  dispose(): void {
    this.stopTimer();
  }

  private publish(next: SyncStatus): void {
    this.state = next;
    if (this.session.isLocked()) return;
    this.events.publish('sync.status', this.status());
  }

  private schedule(): void {
    this.stopTimer();
    if (this.intervalMs <= 0 || this.session.isLocked()) return;
    this.timer = this.clock.setTimeout(() => void this.run().catch(() => undefined), this.intervalMs);
  }

  private stopTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
