// Reads and discards the rest of a request body before an early answer (413). Fastify answers a body over the
// limit at once and closes the connection; closing a socket that still has unread request bytes makes the kernel
// send a reset, and a client still writing its body then sees the reset instead of the 413 (curl: "broken pipe",
// fetch: "other side closed"). Draining first lets the client finish writing, read the envelope, and see the
// connection close normally. The drain is bounded in bytes and time: a client that sends more, or more slowly,
// gets the answer anyway and may see the reset, which is the price of not reading without end.
import type { IncomingMessage } from 'node:http';

export interface DrainLimits {
  /** Most bytes read past the point where the body was refused. */
  maxBytes: number;
  /** Longest wait for the rest of the body. */
  timeoutMs: number;
}

/** 64 MiB or 10 s, whichever comes first: a hundred times a typical body limit, on a slow link too. */
export const DRAIN_LIMITS: DrainLimits = { maxBytes: 64 * 1024 * 1024, timeoutMs: 10_000 };

export type DrainOutcome = 'complete' | 'tooLarge' | 'timeout' | 'aborted';

/** Discards what is left of `request`'s body; resolves when it ended, the client left, or a limit was hit. */
export function drainRequestBody(request: IncomingMessage, limits: DrainLimits = DRAIN_LIMITS): Promise<DrainOutcome> {
  if (request.complete || request.readableEnded) return Promise.resolve('complete');
  if (request.destroyed) return Promise.resolve('aborted');
  return new Promise((resolve) => {
    let read = 0;
    const finish = (outcome: DrainOutcome): void => {
      clearTimeout(timer);
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('close', onClose);
      request.off('error', onClose);
      resolve(outcome);
    };
    const onData = (chunk: Buffer): void => {
      read += chunk.length;
      if (read > limits.maxBytes) finish('tooLarge');
    };
    const onEnd = (): void => finish('complete');
    const onClose = (): void => finish(request.complete ? 'complete' : 'aborted');
    const timer = setTimeout(() => finish('timeout'), limits.timeoutMs);
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('close', onClose);
    request.on('error', onClose);
    request.resume();
  });
}
