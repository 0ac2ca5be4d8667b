// The composition main/index.ts uses, against a real server process, the real keychain and real OpenPGP: an
// administrator joins and unlocks; app.info's `locked` follows the real session; a power event locks the vault
// and the `session.locked` event reaches the renderer channel through the contract-checked publisher; the idle
// watcher keeps the vault open while the user is active and lets the session's idle lock fire when not.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventChannel } from '../../common/ipc';
import { KeytarKeychain } from '../keychain/keytar-keychain';
import { AppInfoService } from '../services/app-info.service';
import { PassphrasePolicyService } from '../services/passphrase-policy.service';
import type { Clock } from '../services/ports';
import { startTestServer, type TestServer } from '../services/test-support/server';
import { buildDesktopServices, profileLayout, type DesktopServices } from './desktop-services';
import { createEventPublisher } from './ipc-events';
import { lockReasonFor, startIdleWatcher } from './lock-triggers';

const PASSPHRASE = 'composition root test passphrase 2026';

/** A clock whose timers run only when the test advances it. */
function manualClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout(handle) {
      timers = timers.filter((t) => t.id !== handle);
    },
    advance(ms) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.fn();
    },
  };
}

let server: TestServer;
const dir = mkdtempSync(join(tmpdir(), 'tessera-composition-'));
const keychain = new KeytarKeychain(`Tessera-test-${randomBytes(4).toString('hex')}`);
const delivered: { channel: string; payload: unknown }[] = [];
const clock = manualClock();
let services: DesktopServices;
let accountId: string;

beforeAll(async () => {
  server = await startTestServer();
  services = buildDesktopServices({
    userDataDir: dir, keychain, poolSize: 1, clock, idleLockMs: 60_000,
    events: createEventPublisher((channel, payload) => delivered.push({ channel, payload })),
    // The test server cannot reach the public breach dictionary: only the entropy rule applies here.
    checker: new PassphrasePolicyService({ rangeApiBaseUrl: 'http://127.0.0.1:9', timeoutMs: 1000 }),
  });
  const joined = await services.accounts.join(await server.createAdminLink('ada@example.com', 'Ada', 'Lovelace'), PASSPHRASE);
  accountId = joined.account.id;
}, 120_000);

afterAll(async () => {
  if (services) {
    for (const account of services.registry.list()) await services.deviceKeys.deleteAccount(account.id).catch(() => undefined);
    await services.dispose();
  }
  await server?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('desktop composition', () => {
  it('keeps the account list and the sealed caches in the profile folder', () => {
    const layout = profileLayout(dir);
    expect(services.layout).toEqual(layout);
    expect(services.registry.list().map((a) => a.username)).toEqual(['ada@example.com']);
    expect(services.stores.path(accountId)).toBe(join(layout.cachesDir, `${accountId}.db`));
  });

  it('reports the real session state through app.info, and a power event locks with its reason', async () => {
    const appInfo = new AppInfoService({ version: '0.1.0', platform: 'linux', lockState: services.session });
    expect(appInfo.info().locked).toBe(true);
    await services.session.unlock(accountId, PASSPHRASE);
    expect(appInfo.info().locked).toBe(false);
    // The generator follows the organisation's policy from the server.
    const policy = await services.policy.passwordPolicy();
    const generated = await services.policy.generate('password');
    expect(generated.value).toHaveLength(policy.password_generator_settings.length);

    delivered.length = 0;
    services.session.lock(lockReasonFor('suspend'));
    expect(appInfo.info().locked).toBe(true);
    expect(delivered).toEqual([{ channel: eventChannel('session.locked'), payload: { reason: 'suspend' } }]);

    await services.session.unlock(accountId, PASSPHRASE);
    services.session.lock(lockReasonFor('lock-screen'));
    expect(delivered.at(-1)).toEqual({ channel: eventChannel('session.locked'), payload: { reason: 'screen-lock' } });
  });

  it('stays unlocked while the user is active and locks after the idle time when not', async () => {
    let tick: () => void = () => undefined;
    let idleSeconds = 1;
    const stop = startIdleWatcher({
      readIdleSeconds: () => idleSeconds, session: services.session, intervalMs: 15_000,
      setInterval: (fn) => { tick = fn; return 1; }, clearInterval: () => undefined,
    });
    try {
      await services.session.unlock(accountId, PASSPHRASE);
      for (let minute = 0; minute < 4; minute++) {
        clock.advance(30_000);
        tick(); // active: restarts the session's 60 s countdown
        clock.advance(30_000);
        tick();
      }
      expect(services.session.isLocked()).toBe(false);

      delivered.length = 0;
      idleSeconds = 120;
      clock.advance(30_000);
      tick();
      expect(services.session.isLocked()).toBe(false);
      clock.advance(30_000);
      expect(services.session.isLocked()).toBe(true);
      expect(delivered).toEqual([{ channel: eventChannel('session.locked'), payload: { reason: 'idle' } }]);
    } finally {
      stop();
    }
  });
});
