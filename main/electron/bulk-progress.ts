// The progress of one long operation (sharing with a large group, adding a member to a group that reaches many
// items) as the window hears it in `bulk.progress`: the counts the crypto threads report, at most one event per
// PROGRESS_INTERVAL_MS (plus the last, so a fast job does not flood IPC); and, whenever nothing new came for
// HEARTBEAT_MS, the current state again. The second matters while nothing can be counted (reading the group and
// the server's dry run before, the request carrying the secrets after) or a thread is slow to answer: the window
// hears from the operation at least every quarter of a second, so its progress line never looks stalled.
//
//   const progress = startBulkProgress(events, operationId);   // publishes `preparing` at once
//   await share.apply(id, changes, { signal, onProgress: progress.onProgress });
//   progress.stop();
import type { EventPayload } from '../../common/ipc';
import type { EventSink } from '../services/ports';

type Progress = Omit<EventPayload<'bulk.progress'>, 'operationId'>;

export const PROGRESS_INTERVAL_MS = 100;
// Well under the quarter second: on a loaded machine timers and the event's way to the window run late.
export const HEARTBEAT_MS = 100;
const CHECK_MS = 25;

export interface BulkProgress {
  /** From the service: `done` of `total` counted; all done means the final request is being sent. */
  onProgress(done: number, total: number): void;
  stop(): void;
}

export function startBulkProgress(events: EventSink, operationId: string, now: () => number = Date.now): BulkProgress {
  let state: Progress = { phase: 'preparing', done: 0, total: 0 };
  let last = 0;
  const publish = () => {
    last = now();
    events.publish('bulk.progress', { operationId, ...state });
  };
  publish();
  const heartbeat = setInterval(() => {
    if (now() - last >= HEARTBEAT_MS) publish();
  }, CHECK_MS);
  return {
    onProgress(done, total) {
      state = { phase: done >= total ? 'sending' : 'encrypting', done: Math.min(done, total), total };
      if (done < total && now() - last < PROGRESS_INTERVAL_MS) return;
      publish();
    },
    stop() {
      clearInterval(heartbeat);
    },
  };
}
