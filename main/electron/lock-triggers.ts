// When the vault locks by itself, decided without Electron so it is tested under Node: which power events
// lock (and with which reason the renderer is told), and an idle watcher that reports user activity from the
// system's idle time so the session's own idle countdown restarts only while someone is at the computer.
import type { lockReasons } from '../../common/ipc';

export type LockReason = (typeof lockReasons)[number];

/** Electron powerMonitor events the app listens to. */
export const LOCKING_POWER_EVENTS = ['suspend', 'lock-screen'] as const;
export type LockingPowerEvent = (typeof LOCKING_POWER_EVENTS)[number];

/** The reason given to the renderer when a power event locks the vault. */
export function lockReasonFor(event: LockingPowerEvent): LockReason {
  return event === 'suspend' ? 'suspend' : 'screen-lock';
}

/** What the watcher needs from the session. */
export interface ActivitySink {
  touch(): void;
}

export interface IdleWatcherOptions {
  /** Seconds since the last keyboard or mouse input anywhere on the system (powerMonitor.getSystemIdleTime). */
  readonly readIdleSeconds: () => number;
  readonly session: ActivitySink;
  /** How often to look. The lock happens at most this late; default 15 s. */
  readonly intervalMs?: number;
  readonly setInterval?: (fn: () => void, ms: number) => unknown;
  readonly clearInterval?: (handle: unknown) => void;
}

export const DEFAULT_IDLE_POLL_MS = 15_000;

/**
 * True when there was input since the previous look: the system has been idle for less than the interval.
 * (A sleeping machine's idle time keeps counting, so waking it without touching anything is not activity.)
 */
export function activeSinceLastLook(idleSeconds: number, intervalMs: number): boolean {
  return Number.isFinite(idleSeconds) && idleSeconds >= 0 && idleSeconds * 1000 < intervalMs;
}

/** Polls the system idle time and touches the session when the user was active. Returns the stop function. */
export function startIdleWatcher(options: IdleWatcherOptions): () => void {
  const intervalMs = options.intervalMs ?? DEFAULT_IDLE_POLL_MS;
  const every = options.setInterval ?? ((fn: () => void, ms: number) => {
    const timer = setInterval(fn, ms);
    timer.unref?.();
    return timer;
  });
  const cancel = options.clearInterval ?? ((handle: unknown) => clearInterval(handle as ReturnType<typeof setInterval>));
  const handle = every(() => {
    let idle: number;
    try {
      idle = options.readIdleSeconds();
    } catch {
      return; // No idle information this time: neither activity nor a reason to lock early.
    }
    if (activeSinceLastLook(idle, intervalMs)) options.session.touch();
  }, intervalMs);
  return () => cancel(handle);
}
