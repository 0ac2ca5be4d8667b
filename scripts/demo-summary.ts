// The text of .tessera-dev/DEMO.txt, also printed at the end of `npm start`: where the server is, the demo
// passphrase (clearly labelled), the accounts with their recovery kits, and how to use the desktop profile.
import { relative } from 'node:path';
import type { DemoSeedResult } from './demo-seed';

export interface DevPaths {
  /** The project folder; paths are shown relative to it. */
  readonly root: string;
  readonly devDir: string;
  readonly serverDataDir: string;
  readonly serverLog: string;
  readonly profileDir: string;
  readonly mailDir: string;
}

/** What happened to the administrator's account in the desktop profile on this run. */
export type ProfileStatus =
  | { readonly kind: 'ready'; readonly note: string }
  | { readonly kind: 'unavailable'; readonly reason: string };

function pad(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text + ' '.repeat(width - text.length);
}

export function formatDemoSummary(seed: DemoSeedResult, paths: DevPaths, profile: ProfileStatus): string {
  const rel = (path: string) => {
    const inside = relative(paths.root, path);
    return inside.startsWith('..') ? path : inside || '.';
  };
  const admin = seed.users.find((u) => u.role === 'admin');
  const members = seed.group.members.map((username) => seed.users.find((u) => u.username === username)?.name ?? username);
  const byOwner = new Map<string, number>();
  for (const r of seed.resources) byOwner.set(r.owner, (byOwner.get(r.owner) ?? 0) + 1);
  const lines = [
    'Tessera demo organisation',
    '=========================',
    `Server        ${seed.serverUrl}   (data: ${rel(paths.serverDataDir)}, log: ${rel(paths.serverLog)})`,
    `Mailbox       ${rel(paths.mailDir)}/   (every mail the server sends, as .eml files)`,
    '',
    'DEMO PASSPHRASE of every demo account. It is published here on purpose and protects nothing:',
    `    ${seed.passphrase}`,
    '',
    'Accounts (recovery kit = the passphrase-protected private key, to sign in on another profile):',
    ...seed.users.map((u) => `  ${pad(u.name, 16)}${pad(u.username, 24)}${pad(u.role, 7)}${rel(u.recoveryKitFile)}`),
    '',
    `Group         ${seed.group.name}: ${members.join(', ')}`,
    `Items         ${seed.resources.length} (${[...byOwner].map(([owner, n]) => `${n} by ${owner}`).join(', ')}), fake credentials for *.example services`,
    '',
    `Desktop profile ${rel(paths.profileDir)} (the app's data folder, given as TESSERA_PROFILE_DIR):`,
    profile.kind === 'ready'
      ? `  ${profile.note}`
      : `  ${admin?.name ?? 'The administrator'} is NOT set up there yet: ${profile.reason}.\n` +
        '  Run `npm start` again where an OS keychain (Secret Service) is available and it is added.',
    `  Start the app alone:  TESSERA_PROFILE_DIR=${rel(paths.profileDir)} node scripts/start-electron.mjs`,
    '',
    `Seeded ${seed.seededAt}. To start over: stop npm start, delete ${rel(paths.devDir)}/, run npm start.`,
  ];
  return `${lines.join('\n')}\n`;
}
