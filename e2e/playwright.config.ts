// Three projects. "renderer": the built renderer in Debian's Chromium with window.tessera installed by the real
// preload bridge against the real router and services in the test process. "preview": `npm start`'s browser
// preview where Electron's binary is missing, run as a user runs it. "electron": the real app through
// Playwright's Electron support, wherever Electron's binary is installed.
import { defineConfig } from '@playwright/test';

/** The built renderer in Debian's Chromium; Playwright never downloads a browser here. */
const chromiumPage = {
  viewport: { width: 1100, height: 720 },
  launchOptions: {
    // The system's Chromium (the bootstrap passes the one it found); Playwright never downloads a browser here.
    executablePath: process.env.TESSERA_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  },
};

export default defineConfig({
  testDir: '.',
  outputDir: 'artifacts/results',
  globalSetup: './global-setup.ts',
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  timeout: 30_000,
  projects: [
    {
      name: 'renderer',
      testMatch: /renderer\.spec\.ts$/,
      use: chromiumPage,
    },
    {
      name: 'preview',
      testMatch: /preview\.spec\.ts$/,
      use: chromiumPage,
    },
    {
      name: 'electron',
      testMatch: /electron\.spec\.ts$/,
    },
  ],
});
