// Time comes from an injected clock so tests and services agree on "now" and timestamps have one format.

export interface Clock {
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

/** Passbolt's timestamp format, `2026-11-22T02:31:53+00:00`; sorts lexically like the instant it names. */
export function isoTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

export function nowIso(clock: Clock): string {
  return isoTimestamp(clock.nowMs());
}

export function nowSeconds(clock: Clock): number {
  return Math.floor(clock.nowMs() / 1000);
}
