// A long operation in main (sharing with a large group, adding a member to a group that reaches many items): it
// runs under a fresh operation id, follows that id's bulk.progress events, and can be cancelled until main sends
// the final request (after that, cancelling has nothing left to stop).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventPayload, IpcResult } from '../../../common/ipc';
import { call } from '../api';

export type BulkProgress = EventPayload<'bulk.progress'>;

export interface BulkOperation {
  /** An operation is running. */
  readonly running: boolean;
  /** The latest progress of the running operation; null before its first event. */
  readonly progress: BulkProgress | null;
  /** Cancel was asked for and main has not answered yet. */
  readonly cancelling: boolean;
  run<T>(start: (operationId: string) => Promise<IpcResult<T>>): Promise<T>;
  cancel(): void;
}

export function useBulkOperation(): BulkOperation {
  const current = useRef<string | null>(null);
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<BulkProgress | null>(null);
  const [cancelling, setCancelling] = useState(false);

  useEffect(() => window.tessera.on('bulk.progress', (p) => {
    if (p.operationId === current.current) setProgress(p);
  }), []);

  const run = useCallback(async <T,>(start: (operationId: string) => Promise<IpcResult<T>>): Promise<T> => {
    const operationId = crypto.randomUUID();
    current.current = operationId;
    setRunning(true);
    setProgress(null);
    setCancelling(false);
    try {
      return await call(start(operationId));
    } finally {
      if (current.current === operationId) {
        current.current = null;
        setRunning(false);
        setProgress(null);
        setCancelling(false);
      }
    }
  }, []);

  const cancel = useCallback(() => {
    const operationId = current.current;
    if (!operationId) return;
    setCancelling(true);
    // The running call itself reports the outcome (CANCELLED, or done when it was too late to stop).
    void window.tessera.bulk.cancel({ operationId });
  }, []);

  return { running, progress, cancelling, run, cancel };
}
