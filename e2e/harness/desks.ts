// More than one person at once: each colleague gets a desk of their own, a separate browser context with its own
// harness (its own main-side services and profile) against the organisation's one server, as two computers are.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { startAppHarness, type AppHarness } from './app-harness';
import type { Org } from './fixtures';

export interface Desk {
  readonly context: BrowserContext;
  readonly harness: AppHarness;
  readonly page: Page;
  close(): Promise<void>;
}

export async function openDesk(browser: Browser, org: Org): Promise<Desk> {
  // The renderer project's window size; a new context does not inherit the project's `use`.
  const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });
  const harness = await startAppHarness(context, { checker: org.checker });
  const page = await context.newPage();
  return {
    context, harness, page,
    async close() {
      await harness.close();
      await context.close();
    },
  };
}
