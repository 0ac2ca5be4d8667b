// The pieces of `npm start` around the seeding: the keychain probe (against the test session's real
// gnome-keyring, and with no D-Bus at all), the server's command line, the mailbox's decoding of a wrapped
// link, and the DEMO.txt text.
import { createTransport } from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDemoSummary } from './demo-summary';
import type { DemoSeedResult } from './demo-seed';
import { decodeQuotedPrintable, setupLinkIn, startDevMailbox, type DevMailbox } from './dev-mailbox';
import { startArguments } from './dev-server';
import { probeKeychain } from './keychain-probe';

const boxes: DevMailbox[] = [];
afterAll(async () => {
  for (const box of boxes) await box.close();
});

describe('keychain probe', () => {
  it('finds the Secret Service of the test D-Bus session usable', async () => {
    expect(process.env.DBUS_SESSION_BUS_ADDRESS).toBeTruthy();
    expect(await probeKeychain()).toEqual({ usable: true });
  });

  it('says plainly that there is no Secret Service without a D-Bus session', async () => {
    const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
    delete process.env.DBUS_SESSION_BUS_ADDRESS;
    try {
      const probe = await probeKeychain();
      expect(probe.usable).toBe(false);
      expect(probe.usable === false && probe.reason).toMatch(/D-Bus/);
    } finally {
      process.env.DBUS_SESSION_BUS_ADDRESS = saved;
    }
  });

  it('reports a D-Bus address where nothing answers as unusable instead of hanging', async () => {
    const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
    process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/tessera-bus';
    try {
      expect((await probeKeychain(8000)).usable).toBe(false);
    } finally {
      process.env.DBUS_SESSION_BUS_ADDRESS = saved;
    }
  });
});

describe('server command line', () => {
  it('is the documented `start --data DIR --port 8080 --url URL`, plus the mailbox as --smtp', () => {
    expect(startArguments({ dataDir: '/d', port: 8080, url: 'http://127.0.0.1:8080' }))
      .toEqual(['start', '--data', '/d', '--port', '8080', '--url', 'http://127.0.0.1:8080']);
    expect(startArguments({ dataDir: '/d', port: 8080, url: 'http://127.0.0.1:8080', smtpUrl: 'smtp://127.0.0.1:2525' }).slice(-2))
      .toEqual(['--smtp', 'smtp://127.0.0.1:2525']);
  });
});

describe('dev mailbox', () => {
  it('undoes quoted-printable wrapping', () => {
    expect(decodeQuotedPrintable('http://x/setup/start/ab=\r\ncd =3D caf=C3=A9')).toBe('http://x/setup/start/abcd = café');
  });

  it('receives mail over SMTP from nodemailer and finds a long setup link in it', async () => {
    const box = await startDevMailbox();
    boxes.push(box);
    const link = `http://127.0.0.1:8080/setup/start/${'1'.repeat(8)}-1111-4111-8111-${'1'.repeat(12)}/${'2'.repeat(8)}-2222-4222-8222-${'2'.repeat(12)}`;
    const url = new URL(box.smtpUrl);
    const transport = createTransport({ host: url.hostname, port: Number(url.port), secure: false });
    const arrived = box.waitFor((m) => m.to.includes('grace@tessera.example'), 10_000);
    await transport.sendMail({
      from: 'no-reply@127.0.0.1', to: 'Grace@Tessera.example', subject: 'Welcome to Tessera',
      text: `Hello Grace,\n\nSet up your account with this rather long line of text before it: ${link}\n`,
    });
    const mail = await arrived;
    expect(mail.subject).toBe('Welcome to Tessera');
    expect(setupLinkIn(mail)).toBe(link);
  });
});

describe('DEMO.txt', () => {
  const seed: DemoSeedResult = {
    serverUrl: 'http://127.0.0.1:8080', passphrase: 'tessera demo passphrase - not a secret',
    users: [
      { key: 'ada', name: 'Ada Lovelace', username: 'ada@tessera.example', role: 'admin', userId: 'u1', fingerprint: 'F1',
        recoveryKitFile: '/p/.tessera-dev/recovery-kits/ada@tessera.example.asc' },
      { key: 'grace', name: 'Grace Hopper', username: 'grace@tessera.example', role: 'user', userId: 'u2', fingerprint: 'F2',
        recoveryKitFile: '/p/.tessera-dev/recovery-kits/grace@tessera.example.asc' },
    ],
    group: { id: 'g', name: 'Operations', members: ['ada@tessera.example', 'grace@tessera.example'] },
    resources: [{ id: 'r1', name: 'Grafana', owner: 'ada@tessera.example', sharedWith: ['Operations (group)'] }],
    seededAt: '2026-11-22T03:00:00.000Z',
  };
  const paths = {
    root: '/p', devDir: '/p/.tessera-dev', serverDataDir: '/p/.tessera-dev/server', serverLog: '/p/.tessera-dev/server.log',
    profileDir: '/p/.tessera-dev/desktop', mailDir: '/p/.tessera-dev/mail',
  };

  it('names the server, the labelled demo passphrase, every account with its recovery kit, and the profile', () => {
    const text = formatDemoSummary(seed, paths, { kind: 'ready', note: 'Ada Lovelace\'s account is set up there.' });
    expect(text).toContain('http://127.0.0.1:8080');
    expect(text).toMatch(/DEMO PASSPHRASE[^\n]*\n\s+tessera demo passphrase - not a secret\n/);
    expect(text).toContain('.tessera-dev/recovery-kits/grace@tessera.example.asc');
    expect(text).toContain('Operations: Ada Lovelace, Grace Hopper');
    expect(text).toContain('TESSERA_PROFILE_DIR=.tessera-dev/desktop');
    expect(text).not.toContain('NOT set up');
  });

  it('says when the administrator could not be put into the profile, and why', () => {
    const text = formatDemoSummary(seed, paths, { kind: 'unavailable', reason: 'no OS keychain: no D-Bus session' });
    expect(text).toContain('Ada Lovelace is NOT set up there yet: no OS keychain: no D-Bus session.');
  });
});
