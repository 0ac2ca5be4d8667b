// Bundles the harness's page bridge (the real preload bridge plus the Playwright transport) into one
// classic script for page.addInitScript. The app itself is built by `npm run build` before Playwright runs.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { pageBridgeBundle, projectRoot, rendererDist } from './harness/paths';

export default async function globalSetup(): Promise<void> {
  if (!existsSync(path.join(rendererDist, 'index.html'))) {
    throw new Error('dist/renderer is missing: run `npm run build` first (npm run test:e2e does).');
  }
  await build({
    root: projectRoot,
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir: path.dirname(pageBridgeBundle),
      emptyOutDir: true,
      target: 'chrome130',
      minify: false,
      lib: { entry: 'e2e/harness/page-bridge.ts', formats: ['iife'], name: 'TesseraHarnessBridge', fileName: () => path.basename(pageBridgeBundle) },
    },
  });
}
