// Two projects. "renderer": the built renderer in Debian's Chromium with window.tessera installed by the real
// preload bridge against the real router and services in the test process. "electron": the real app through
// Playwright's Electron support, wherever Electron's binary is installed.
import { defineConfig } from '@playwright/test';

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
      use: {
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
      },
    },
    {
      name: 'electron',
      testMatch: /electron\.spec\.ts$/,
    },
  ],
});
