// Administration and the passphrase policy through the window's calls, on desktops against one real server:
// sending an invitation again (a fresh link in a new mail, refused once the person joined and to non-administrators),
// the organisation's passphrase policy as a colleague's window reads it, and the breach check asking the range API
// that this computer's Settings name, switched while the app runs.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayload, IpcResult } from '../../common/ipc';
import { openDatabase } from '../../server/storage/database';
import { MemoryKeychain } from '../keychain/memory-keychain';
import { PassphrasePolicyService } from '../services/passphrase-policy.service';
import { startRangeApi, type RangeApi } from '../services/test-support/range-api';
import { startTestServer, type TestServer } from '../services/test-support/server';
import { buildDesktopIpc, type DesktopIpc } from './desktop-ipc';

const ORIGIN = 'app://tessera';
const PASSPHRASE = 'quiet harbour lantern eleven copper meadow';
const LEAKED = 'correct horse battery staple';

interface Desk {
  ipc: DesktopIpc;
  dir: string;
  call<T = unknown>(method: string, payload?: unknown): Promise<IpcResult<T>>;
  value<T = Record<string, unknown>>(method: string, payload?: unknown): Promise<T>;
}

let server: TestServer;
let rangeApi: RangeApi;
const desks: Desk[] = [];

/** A desktop; without `ownChecker` it judges passphrases the way the app does, with the range API in Settings. */
function desk(ownChecker = true): Desk {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-admin-'));
  const ipc = buildDesktopIpc({
    userDataDir: dir, keychain: new MemoryKeychain(),
    events: { publish<E extends EventName>(_event: E, _payload: EventPayload<E>) { /* not needed here */ } },
    ...(ownChecker ? { checker: new PassphrasePolicyService({ rangeApiBaseUrl: rangeApi.url }) } : {}), poolSize: 1,
    version: '0.0.0-test', platform: process.platform, appOrigin: ORIGIN,
    clipboard: { readText: async () => '', writeSecret: async () => undefined, clear: async () => undefined },
    files: { save: async () => ({ saved: false }) }, openExternal: async () => undefined, rememberAvailable: true, syncIntervalMs: 0,
  });
  const call = <T,>(method: string, payload?: unknown) => ipc.dispatch({ url: `${ORIGIN}/index.html`, isMainFrame: true }, method, payload) as Promise<IpcResult<T>>;
  const d: Desk = {
    ipc, dir, call,
    async value<T>(method: string, payload?: unknown) {
      const r = await call<T>(method, payload);
      if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
      return r.value;
    },
  };
  desks.push(d);
  return d;
}

async function signIn(d: Desk, link: string): Promise<string> {
  const { account } = await d.value<{ account: { id: string } }>('account.join', { invitationLink: link, passphrase: PASSPHRASE });
  await d.value('session.unlock', { accountId: account.id, passphrase: PASSPHRASE });
  await d.value('sync.now');
  return account.id;
}

/** The mails the server queued for `username`, oldest first. */
async function mailsTo(username: string): Promise<{ subject: string; body_text: string }[]> {
  const db = openDatabase(server.database.url);
  try {
    return await db.db.selectFrom('mail_queue').select(['subject', 'body_text', 'created']).where('recipient', '=', username)
      .orderBy('created', 'asc').execute();
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  rangeApi = await startRangeApi([LEAKED]);
  server = await startTestServer();
}, 120_000);

afterAll(async () => {
  for (const d of desks) {
    await d.ipc.dispose();
    rmSync(d.dir, { recursive: true, force: true });
  }
  await server?.destroy();
  await rangeApi?.close();
});

describe('administration and the passphrase policy through the window\'s calls', () => {
  let ada: Desk;
  let bob: Desk;
  let carolId = '';

  it('sends an invitation again: a new mail with a fresh link that works; refused once the person has joined', async () => {
    ada = desk();
    await signIn(ada, await server.createAdminLink('ada@example.com', 'Ada', 'Lovelace'));
    bob = desk();
    await ada.value('admin.invite', { username: 'bob@example.com', firstName: 'Bob', lastName: 'Builder' });
    await signIn(bob, await server.invitationLink('bob@example.com'));

    ({ userId: carolId } = await ada.value<{ userId: string }>('admin.invite', { username: 'carol@example.com', firstName: 'Carol', lastName: 'Shaw' }));
    const first = await server.invitationLink('carol@example.com');
    expect(await ada.value('admin.resendInvitation', { userId: carolId })).toBeNull();
    const mails = await mailsTo('carol@example.com');
    expect(mails).toHaveLength(2);
    // Both mails may carry the same second; the new one is the one with the other link.
    const links = mails.map((m) => /(http\S+\/setup\/start\/\S+)/.exec(m.body_text)?.[1]);
    const second = links.find((l) => l !== first)!;
    expect(second).toMatch(/\/setup\/start\//);
    expect(mails.find((m) => m.body_text.includes(second))?.body_text).toMatch(/Ada Lovelace invited you/);

    const carol = desk();
    expect(await carol.value('account.previewJoin', { invitationLink: second })).toMatchObject({ username: 'carol@example.com' });
    await signIn(carol, second);
    await ada.value('sync.now');
    expect(await ada.call('admin.resendInvitation', { userId: carolId })).toMatchObject({
      ok: false, error: { code: 'CONFLICT', message: 'carol@example.com has already joined; there is no invitation to send again.' },
    });
    expect(await mailsTo('carol@example.com')).toHaveLength(2);
  }, 120_000);

  it('refuses to send an invitation again for a non-administrator, in main', async () => {
    expect(await bob.call('admin.resendInvitation', { userId: carolId })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
  });

  it('gives a colleague\'s window the organisation\'s passphrase policy as it changes', async () => {
    expect(await bob.value('policy.current')).toEqual({ entropyMinimum: 50, externalDictionaryCheck: true });
    try {
      await ada.value('admin.setPassphrasePolicy', { entropyMinimum: 96, externalDictionaryCheck: false });
      expect(await bob.value('policy.current')).toEqual({ entropyMinimum: 96, externalDictionaryCheck: false });
      // Main applies the same policy when the passphrase is changed.
      expect(await bob.call('account.changePassphrase', {
        accountId: bob.ipc.services.registry.list()[0]!.id, oldPassphrase: PASSPHRASE, newPassphrase: 'short but mine',
      })).toMatchObject({ ok: false, error: { code: 'POLICY_VIOLATION', message: expect.stringMatching(/at least 96 bits/) } });
    } finally {
      await ada.value('admin.setPassphrasePolicy', { entropyMinimum: 50, externalDictionaryCheck: true });
    }
  });

  it('checks passphrases against the range API named in Settings, sending 5 hex characters, and warns when it is down', async () => {
    const seen: string[] = [];
    const mirror: Server = createServer((req, res) => {
      seen.push(req.url ?? '');
      const hash = createHash('sha1').update(LEAKED, 'utf8').digest('hex').toUpperCase();
      res.writeHead(200, { 'content-type': 'text/plain' }).end(req.url === `/mirror/${hash.slice(0, 5)}` ? `${hash.slice(5)}:7\r\n` : '');
    });
    await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
    const address = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/mirror/`;
    const own = desk(false);
    const policy = { entropyMinimum: 50, externalDictionaryCheck: true };
    try {
      // Plain http to another machine is refused before any check is made.
      expect(await own.call('settings.update', { rangeApiUrl: 'http://mirror.example/range/' }))
        .toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD', message: expect.stringMatching(/https:\/\//) } });
      expect(seen).toEqual([]);
      await own.value('settings.update', { rangeApiUrl: address });
      expect(await own.value('policy.evaluate', { passphrase: LEAKED, policy })).toMatchObject({ dictionary: 'leaked', leakCount: 7, allowed: false });
      expect(await own.value('policy.evaluate', { passphrase: PASSPHRASE, policy })).toMatchObject({ dictionary: 'not-found', allowed: true });
      expect(seen).toHaveLength(2);
      for (const url of seen) expect(url).toMatch(/^\/mirror\/[0-9A-F]{5}$/);
    } finally {
      mirror.closeAllConnections();
      await new Promise((resolve) => mirror.close(resolve));
    }
    // The mirror is gone: a warning, never a block.
    expect(await own.value('policy.evaluate', { passphrase: PASSPHRASE, policy })).toMatchObject({
      dictionary: 'unavailable', allowed: true, problems: [{ code: 'dictionary-unavailable', severity: 'warning' }],
    });
  });
});
