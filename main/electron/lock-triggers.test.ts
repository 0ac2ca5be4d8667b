import { describe, expect, it } from 'vitest';
import { lockReasons } from '../../common/ipc';
import { activeSinceLastLook, LOCKING_POWER_EVENTS, lockReasonFor, startIdleWatcher } from './lock-triggers';

describe('power events that lock the vault', () => {
  it('lock on suspend and on screen lock, each with a reason the contract declares', () => {
    expect(LOCKING_POWER_EVENTS.map(lockReasonFor)).toEqual(['suspend', 'screen-lock']);
    for (const event of LOCKING_POWER_EVENTS) expect(lockReasons).toContain(lockReasonFor(event));
  });
});

describe('idle watcher', () => {
  it('counts input since the previous look as activity, and nothing else', () => {
    expect(activeSinceLastLook(0, 15_000)).toBe(true);
    expect(activeSinceLastLook(14, 15_000)).toBe(true);
    expect(activeSinceLastLook(15, 15_000)).toBe(false);
    expect(activeSinceLastLook(900, 15_000)).toBe(false);
    expect(activeSinceLastLook(Number.NaN, 15_000)).toBe(false);
    expect(activeSinceLastLook(-1, 15_000)).toBe(false);
  });

  function manualTimer() {
    let tick: (() => void) | undefined;
    let cleared = false;
    return {
      setInterval: (fn: () => void) => { tick = fn; return 'handle'; },
      clearInterval: (handle: unknown) => { cleared = handle === 'handle'; },
      tick: () => tick?.(),
      get cleared() { return cleared; },
    };
  }

  it('touches the session while the user is active, lets the countdown run when idle, stops when asked', () => {
    const timer = manualTimer();
    let idleSeconds = 2;
    let touches = 0;
    const stop = startIdleWatcher({
      readIdleSeconds: () => idleSeconds, session: { touch: () => { touches++; } }, intervalMs: 10_000,
      setInterval: timer.setInterval, clearInterval: timer.clearInterval,
    });
    timer.tick();
    expect(touches).toBe(1);
    idleSeconds = 30;
    timer.tick();
    timer.tick();
    expect(touches).toBe(1);
    stop();
    expect(timer.cleared).toBe(true);
  });

  it('treats a failing idle reading as no information', () => {
    const timer = manualTimer();
    let touches = 0;
    startIdleWatcher({
      readIdleSeconds: () => { throw new Error('not available on this desktop'); },
      session: { touch: () => { touches++; } }, setInterval: timer.setInterval, clearInterval: timer.clearInterval,
    });
    expect(() => timer.tick()).not.toThrow();
    expect(touches).toBe(0);
  });
});
