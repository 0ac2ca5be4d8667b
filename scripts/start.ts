// `npm start`: the product on its embedded default. A local server on SQLite (data in .tessera-dev/server), a
// demo organisation seeded through the real protocol on the first run only, the administrator's account in the
// desktop profile (.tessera-dev/desktop), then the desktop app. Ctrl+C (or the app quitting) stops the server
// with SIGTERM, its clean shutdown. Run with tsx: it uses the product's TypeScript modules directly.
//
//   npm start                     the above
//   npm start -- --server-only    the server with the demo organisation, without the desktop app
//   TESSERA_DEV_DIR=…  TESSERA_DEV_PORT=…   another dev folder / port (tests use both)
//   TESSERA_DEV_PREVIEW_PORT=…    the browser preview's port where Electron's binary is missing (default: a free one)
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { KeytarKeychain } from '../main/keychain/keytar-keychain';
import { seedDemoOrganisation, type DemoSeedResult } from './demo-seed';
import { formatDemoSummary, type DevPaths, type ProfileStatus } from './demo-summary';
import { ensureAccountInProfile } from './desktop-profile';
import { createAdminWithCli, PROJECT_ROOT, startDevServer, type DevServer } from './dev-server';
import { startDevMailbox, type DevMailbox } from './dev-mailbox';
import { probeKeychain } from './keychain-probe';
import { startPreview, type RunningPreview } from './preview/run-preview';

const PORT = Number(process.env.TESSERA_DEV_PORT ?? 8080);
const SERVER_URL = `http://127.0.0.1:${PORT}`;
const SERVER_ONLY = process.argv.includes('--server-only');
if (!Number.isInteger(PORT) || PORT < 1 || PORT > 65535) throw new Error(`TESSERA_DEV_PORT must be a port number, not "${process.env.TESSERA_DEV_PORT}".`);
/** The browser preview's port; 0 picks a free one. */
const PREVIEW_PORT = Number(process.env.TESSERA_DEV_PREVIEW_PORT ?? 0);
if (!Number.isInteger(PREVIEW_PORT) || PREVIEW_PORT < 0 || PREVIEW_PORT > 65535) {
  throw new Error(`TESSERA_DEV_PREVIEW_PORT must be a port number, not "${process.env.TESSERA_DEV_PREVIEW_PORT}".`);
}
/** The variable main/index.ts reads to use a profile folder as Electron's userData. */
const PROFILE_ENV = 'TESSERA_PROFILE_DIR';

const devDir = resolve(process.env.TESSERA_DEV_DIR ?? join(PROJECT_ROOT, '.tessera-dev'));
const paths: DevPaths = {
  root: PROJECT_ROOT,
  devDir,
  serverDataDir: join(devDir, 'server'),
  serverLog: join(devDir, 'server.log'),
  profileDir: join(devDir, 'desktop'),
  mailDir: join(devDir, 'mail'),
};
const seedFile = join(devDir, 'demo.json');
const seedingMarker = join(devDir, 'seeding-in-progress');
const demoText = join(devDir, 'DEMO.txt');
const kitsDir = join(devDir, 'recovery-kits');

const say = (line = '') => process.stdout.write(`${line}\n`);
/** Paths inside the project are shown relative to it, others in full. */
const rel = (path: string) => {
  const inside = relative(PROJECT_ROOT, path);
  return inside.startsWith('..') ? path : inside || '.';
};

let server: DevServer | undefined;
/** The server process while it is still starting (before its ready line). */
let starting: ChildProcess | undefined;
let mailbox: DevMailbox | undefined;
/** The browser preview, where Electron's binary is missing. */
let preview: RunningPreview | undefined;
let stopping: Promise<void> | undefined;

function shutdown(code: number): Promise<void> {
  stopping ??= (async () => {
    if (!server && starting && starting.exitCode === null) starting.kill('SIGTERM');
    if (preview) {
      // Locks the vault and clears a copy still on the clipboard before the server goes away.
      await preview.stop().catch(() => undefined);
      say('Preview stopped.');
    }
    if (server) {
      say('Stopping the Tessera server…');
      const exit = await server.stop();
      say(exit === 0 ? 'Server stopped.' : `Server stopped (exit code ${exit}).`);
    }
    await mailbox?.close();
    process.exit(code);
  })();
  return stopping;
}

function electronBinary(): string | undefined {
  try {
    const binary: unknown = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

async function seedOnFirstRun(): Promise<DemoSeedResult | undefined> {
  if (existsSync(seedFile)) {
    say(`Using the existing demo organisation (${rel(seedFile)}).`);
    return JSON.parse(readFileSync(seedFile, 'utf8')) as DemoSeedResult;
  }
  if (existsSync(seedingMarker)) {
    say('A previous first run stopped while it was creating the demo organisation, so the server holds half of it.');
    say(`Continuing with the server only. To start over: stop this, delete ${rel(devDir)}/, run npm start.`);
    return undefined;
  }
  writeFileSync(seedingMarker, new Date().toISOString());
  say('First run: creating the demo organisation through the API (keys, invitations, group, shared items)…');
  const box = mailbox as DevMailbox;
  const seed = await seedDemoOrganisation({
    serverUrl: SERVER_URL,
    mailbox: box,
    recoveryKitDir: kitsDir,
    createAdminLink: (admin) => createAdminWithCli({
      dataDir: paths.serverDataDir, url: SERVER_URL, username: admin.username, firstName: admin.firstName, lastName: admin.lastName,
    }),
    log: (line) => say(`  ${line}`),
  });
  writeFileSync(seedFile, `${JSON.stringify(seed, null, 2)}\n`, { mode: 0o600 });
  rmSync(seedingMarker, { force: true });
  return seed;
}

async function prepareProfile(seed: DemoSeedResult): Promise<ProfileStatus> {
  const probe = await probeKeychain();
  if (!probe.usable) {
    say(`No OS keychain here (${probe.reason}): the demo account's device key is sealed with its passphrase in the profile instead, and "remember passphrase" is not offered.`);
  }
  const admin = seed.users.find((u) => u.role === 'admin');
  if (!admin) return { kind: 'unavailable', reason: 'the demo data has no administrator' };
  const outcome = await ensureAccountInProfile({
    profileDir: paths.profileDir, keychain: probe.usable ? new KeytarKeychain() : 'none', serverUrl: seed.serverUrl,
    userId: admin.userId, recoveryKitFile: admin.recoveryKitFile, passphrase: seed.passphrase,
  });
  const note = {
    present: `${admin.name}'s account is set up there; unlock it with the demo passphrase.`,
    imported: `${admin.name}'s account was just signed in there from the recovery kit; unlock it with the demo passphrase.`,
    repaired: `${admin.name}'s account was signed in again (its device key was not there); unlock it with the demo passphrase.`,
  }[outcome];
  return { kind: 'ready', note };
}

/** Keeps the server up until Ctrl+C. */
function waitForCtrlC(): Promise<never> {
  say('The server keeps running with the demo organisation. Press Ctrl+C to stop it.');
  return new Promise<never>(() => undefined);
}

/**
 * Where Electron's binary is missing: the same window in the user's browser, backed by the real desktop services
 * in this process (scripts/preview/). The link printed is the one place the access token is shown.
 */
async function runBrowserPreview(): Promise<void> {
  say('Electron\'s binary is not installed here (node_modules/electron has no dist/; it is skipped where it cannot be');
  say('downloaded, ELECTRON_SKIP_BINARY_DOWNLOAD=1), so Tessera opens in your browser instead: the same window, with');
  say('the desktop services running in this process. For the desktop app, run `node node_modules/electron/install.js`');
  say('on a machine with internet access, then `npm start` again.');
  // The same choice prepareProfile made for the demo account: the OS keychain, or device keys sealed with the
  // passphrase in the profile (then nothing is remembered).
  const probe = await probeKeychain();
  preview = await startPreview({
    devDir, profileDir: paths.profileDir, port: PREVIEW_PORT, say,
    keychain: probe.usable ? new KeytarKeychain() : 'none', rememberAvailable: probe.usable,
  });
  say(preview.clipboardNote);
  say(`Recovery kits saved from the window go to ${rel(join(devDir, 'downloads'))}/.`);
  say(`Open Tessera in your browser: ${preview.link}`);
  say('(The link carries this run\'s access token: anyone with it can use the window while this runs. Keep it to yourself.)');
  say('The server and the preview keep running. Press Ctrl+C to stop them.');
  await new Promise<never>(() => undefined);
}

async function main(): Promise<void> {
  for (const dir of [devDir, paths.serverDataDir, paths.profileDir]) mkdirSync(dir, { recursive: true, mode: 0o700 });
  // `on`, not `once`: Ctrl+C reaches this process twice (from the terminal, and relayed by tsx's parent process);
  // a second signal without a handler would kill it in the middle of stopping the server.
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  mailbox = await startDevMailbox({ folder: paths.mailDir });
  const firstStart = !existsSync(join(paths.serverDataDir, 'server.key'));
  say(`Starting the Tessera server on ${SERVER_URL}${firstStart ? ' (first start: generating its OpenPGP and JWT keys, this can take a minute)' : ''}…`);
  server = await startDevServer({
    dataDir: paths.serverDataDir, port: PORT, url: SERVER_URL, smtpUrl: mailbox.smtpUrl, logFile: paths.serverLog,
    onSpawn: (child) => { starting = child; },
  });
  say(`Tessera server ready at ${server.listening} (SQLite in ${rel(paths.serverDataDir)}, log in ${rel(paths.serverLog)}).`);
  void server.exited.then((code) => {
    if (stopping) return;
    say(`The server stopped unexpectedly (exit code ${code}); see ${rel(paths.serverLog)}.`);
    server = undefined;
    void shutdown(1);
  });

  const seed = await seedOnFirstRun();
  if (seed) {
    const profile = await prepareProfile(seed);
    const summary = formatDemoSummary(seed, paths, profile);
    writeFileSync(demoText, summary, { mode: 0o600 });
    say();
    say(summary);
    say(`(This is also in ${rel(demoText)}.)`);
    say();
  }

  if (SERVER_ONLY) {
    say(`Server only (--server-only): the accounts and the demo passphrase are in ${rel(demoText)}.`);
    await waitForCtrlC();
    return;
  }
  const binary = electronBinary();
  if (!binary) {
    await runBrowserPreview();
    return;
  }
  say('Starting the desktop app…');
  const app = spawn(process.execPath, [join(PROJECT_ROOT, 'scripts/start-electron.mjs')], {
    cwd: PROJECT_ROOT, stdio: 'inherit', env: { ...process.env, [PROFILE_ENV]: paths.profileDir },
  });
  app.once('exit', (code) => {
    say(`The desktop app exited${code ? ` (exit code ${code})` : ''}.`);
    void shutdown(code ?? 0);
  });
}

main().catch((error: unknown) => {
  // Only the message: nothing here should print a passphrase or a key, and a stack helps nobody at a first run.
  const message = error instanceof Error ? error.message : String(error);
  say(`npm start failed: ${message}`);
  if (message.includes('EADDRINUSE')) say(`Port ${PORT} is taken: is another \`npm start\` (or another server) still running?`);
  void shutdown(1);
});
