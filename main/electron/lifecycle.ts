// Glue between Electron's power events and the session: the vault locks on suspend and on screen lock, and the
// session's idle countdown restarts while the user is active on the computer. The decisions live in
// lock-triggers.ts; this file only subscribes. Call after `ready` (powerMonitor needs it).
import { powerMonitor } from 'electron';
import { LOCKING_POWER_EVENTS, lockReasonFor, startIdleWatcher, type LockReason } from './lock-triggers';

/** What the lifecycle needs from the session service. */
export interface LockableSession {
  lock(reason: LockReason): void;
  touch(): void;
}

export interface SessionLifecycleOptions {
  /** How often the system idle time is read; default lock-triggers' DEFAULT_IDLE_POLL_MS. */
  readonly idlePollMs?: number;
}

/** Subscribes; returns the function that unsubscribes again (on quit). */
export function wireSessionLifecycle(session: LockableSession, options: SessionLifecycleOptions = {}): () => void {
  const listeners = LOCKING_POWER_EVENTS.map((event) => {
    const listener = () => session.lock(lockReasonFor(event));
    // Typed per event by Electron; every one of these is a no-argument notification.
    powerMonitor.on(event as 'suspend', listener);
    return { event, listener };
  });
  const stopIdle = startIdleWatcher({
    readIdleSeconds: () => powerMonitor.getSystemIdleTime(),
    session,
    ...(options.idlePollMs === undefined ? {} : { intervalMs: options.idlePollMs }),
  });
  return () => {
    stopIdle();
    for (const { event, listener } of listeners) powerMonitor.removeListener(event as 'suspend', listener);
  };
}
