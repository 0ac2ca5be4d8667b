// Playwright fixtures for the window's end-to-end tests. One real Tessera server (its own process, SQLite) and
// one organisation are shared by every test of a worker; each test gets a fresh desktop profile (harness) and,
// where it needs one, a fresh user of its own so tests do not see each other's items.
import { mkdir } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test as base, type Page } from '@playwright/test';
import { buildDesktopServices, type DesktopServices } from '../../main/electron/desktop-services';
import { MemoryKeychain } from '../../main/keychain/memory-keychain';
import type { PassphraseChecker } from '../../main/services/account.service';
import { PassphrasePolicyService } from '../../main/services/passphrase-policy.service';
import type { ShareChange } from '../../main/services/share.service';
import { startRangeApi, type RangeApi } from '../../main/services/test-support/range-api';
import { startTestServer, type TestServer } from '../../main/services/test-support/server';
import { startAppHarness, type AppHarness, type HarnessOptions } from './app-harness';
import type { PageDocument, PageEvent, PageSecurityPolicyViolation, PageWindow } from './page-types';
import { artifactsDir } from './paths';

declare const window: PageWindow;
declare const document: PageDocument;

/** Passphrases the local breach list knows, so the meter's "leaked" verdict is exercised for real. */
export const LEAKED_PASSPHRASE = 'correct horse battery staple';
/** The passphrase every test user gets: long enough for the organisation's minimum, not in the breach list. */
export const PASSPHRASE = 'orbit lantern velvet quarry 42';

export interface Violation {
  readonly directive: string;
  readonly blocked: string;
  readonly disposition: string;
}

export interface NewItem {
  readonly name: string;
  readonly username?: string | null;
  readonly uri?: string | null;
  readonly description?: string | null;
  readonly password: string;
}

export interface Org {
  readonly server: TestServer;
  readonly checker: PassphraseChecker;
  readonly rangeApi: RangeApi;
  /** The administrator's own machine, unlocked: invites users, creates and shares items. */
  readonly admin: DesktopServices;
  readonly adminUserId: string;
  /** Invites a user and returns the setup link mailed to them. */
  invite(username: string, firstName: string, lastName: string): Promise<string>;
  /** Creates items as the administrator and shares each with `userId` at `type` (1 read, 7 edit, 15 owner). */
  share(userId: string, items: ReadonlyArray<NewItem & { readonly type?: 1 | 7 | 15 }>): Promise<string[]>;
}

let userCounter = 0;

/** A username nobody else in this run has. */
export function uniqueUser(prefix: string): string {
  userCounter += 1;
  return `${prefix}.${process.pid}.${Date.now().toString(36)}.${userCounter}@tessera.test`;
}

export interface Fixtures {
  /** Options for this test's harness (`test.use({ harnessOptions: ... })`); the organisation's checker always applies. */
  harnessOptions: HarnessOptions;
  harness: AppHarness;
  problems: string[];
}

export const test = base.extend<Fixtures, { org: Org }>({
  org: [
    // Playwright reads a fixture's dependencies from its first parameter; this one has none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startTestServer();
      const rangeApi = await startRangeApi([LEAKED_PASSPHRASE]);
      const policies = new PassphrasePolicyService({ rangeApiBaseUrl: rangeApi.url, timeoutMs: 2000 });
      const checker: PassphraseChecker = { evaluate: (p, policy, context) => policies.evaluate(p, policy, context) };
      const dir = mkdtempSync(path.join(tmpdir(), 'tessera-e2e-admin-'));
      const admin = buildDesktopServices({ userDataDir: dir, keychain: new MemoryKeychain(), checker, poolSize: 1, events: { publish: () => undefined } });
      const joined = await admin.accounts.join(await server.createAdminLink('ada@tessera.test', 'Ada', 'Lovelace'), PASSPHRASE);
      await admin.session.unlock(joined.account.id, PASSPHRASE);
      await admin.sync.sync();
      const org: Org = {
        server, checker, rangeApi, admin, adminUserId: joined.account.userId,
        async invite(username, firstName, lastName) {
          await admin.admin.invite({ username, firstName, lastName });
          return server.invitationLink(username);
        },
        async share(userId, items) {
          // The administrator learns (and pins) the new user's key before encrypting for them.
          await admin.sync.sync();
          const ids: string[] = [];
          for (const item of items) {
            const created = await admin.vault.create({
              name: item.name, username: item.username ?? null, uri: item.uri ?? null, description: item.description ?? null, password: item.password,
            });
            const changes: ShareChange[] = [{ action: 'add', aro: 'User', aroId: userId, type: item.type ?? 7 }];
            await admin.share.apply(created.id, changes);
            ids.push(created.id);
          }
          return ids;
        },
      };
      await use(org);
      await admin.dispose();
      rmSync(dir, { recursive: true, force: true });
      await rangeApi.close();
      await server.destroy();
    },
    { scope: 'worker', timeout: 120_000 },
  ],

  harnessOptions: [{}, { option: true }],

  harness: async ({ context, org, harnessOptions }, use) => {
    const harness = await startAppHarness(context, { ...harnessOptions, checker: org.checker });
    await use(harness);
    await harness.close();
  },

  // Console errors, page errors and CSP violations during a test: a clean run has none unless it provokes them.
  problems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      await page.addInitScript(() => {
        const seen: unknown[] = [];
        Object.defineProperty(window, '__cspViolations', { value: seen });
        document.addEventListener('securitypolicyviolation', (event: PageEvent) => {
          const e = event as PageSecurityPolicyViolation;
          seen.push({ directive: e.effectiveDirective, blocked: e.blockedURI, disposition: e.disposition });
        });
      });
      await use(problems);
    },
    { auto: true },
  ],
});

export { expect };

export const violations = (page: Page) => page.evaluate(() => (window.__cspViolations as Violation[]).slice());

/**
 * A new user of the organisation whose account is set up in the harness's profile (joined through the services,
 * the UI's own join flow has its own test), locked, so the window opens on the unlock screen.
 */
export async function userInProfile(org: Org, harness: AppHarness, prefix: string, name: [string, string] = ['Grace', 'Hopper']) {
  const username = uniqueUser(prefix);
  const link = await org.invite(username, name[0], name[1]);
  const joined = await harness.desktop.services.accounts.join(link, PASSPHRASE);
  return { username, accountId: joined.account.id, userId: joined.account.userId, recoveryKit: joined.recoveryKit };
}

/** Unlocks through the window: the Passphrase field and the Unlock button. */
export async function unlock(page: Page, passphrase: string = PASSPHRASE): Promise<void> {
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(page.getByRole('searchbox', { name: 'Search' })).toBeFocused();
}

export const screenshotsDir = path.join(artifactsDir, 'screenshots');

/** Saves the page in the light and the dark theme: `<name>-light.png`, `<name>-dark.png`. */
export async function snap(page: Page, name: string): Promise<void> {
  await mkdir(screenshotsDir, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: path.join(screenshotsDir, `${name}-${colorScheme}.png`), animations: 'disabled', caret: 'hide' });
  }
  await page.emulateMedia({ colorScheme: null });
}
