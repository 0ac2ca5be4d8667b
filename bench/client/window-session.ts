// What every benchmark of the window in Chromium sets up and takes down: the renderer built as the app ships it, the
// harness's page bridge (bundled by the e2e global setup), a real server, Debian's Chromium and the harness with
// the real services. Whatever happens it all stops again, and a failure leaves a screenshot of what the page showed.
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { build } from 'vite';
import globalSetup from '../../e2e/global-setup';
import { startAppHarness, type AppHarness, type HarnessOptions } from '../../e2e/harness/app-harness';
import { projectRoot } from '../../e2e/harness/paths';
import { startTestServer, type TestServer } from '../../main/services/test-support/server';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];

export interface BenchWindow {
  server: TestServer;
  browser: Browser;
  context: BrowserContext;
  harness: AppHarness;
}

export interface BenchWindowOptions {
  /** Names the screenshot of a failure: e2e/artifacts/<name>-failure.png. */
  name: string;
  viewport?: { width: number; height: number };
  harness?: HarnessOptions;
}

export async function inBenchWindow<T>(options: BenchWindowOptions, body: (window: BenchWindow) => Promise<T>): Promise<T> {
  await build({ configFile: join(projectRoot, 'renderer/vite.config.ts'), logLevel: 'warn' });
  await globalSetup();
  const server = await startTestServer({ TESSERA_LOG_LEVEL: 'warn' });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  let harness: AppHarness | undefined;
  try {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
    harness = await startAppHarness(context, { rememberAvailable: false, ...options.harness });
    return await body({ server, browser, context, harness });
  } catch (error) {
    const page = browser.contexts()[0]?.pages()[0];
    await page?.screenshot({ path: join(projectRoot, `e2e/artifacts/${options.name}-failure.png`) }).catch(() => undefined);
    throw error;
  } finally {
    await harness?.close().catch(() => undefined);
    await browser.close();
    await server.destroy();
  }
}
