// Bundles the page bridge (the real preload bridge plus the HTTP transport) into one classic script, at start
// time, into the dev folder: never into dist/, which is what gets packaged.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const FILE_NAME = 'preview-bridge.js';

/** Builds the script into `outDir` and returns its path. */
export async function bundlePreviewBridge(outDir: string): Promise<string> {
  const distDir = path.join(projectRoot, 'dist');
  const relative = path.relative(distDir, path.resolve(outDir));
  if (!relative.startsWith('..') && !path.isAbsolute(relative)) throw new Error('The preview bridge must never be built into dist/.');
  await build({
    root: projectRoot,
    configFile: false,
    logLevel: 'silent',
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: true,
      target: 'chrome130',
      minify: false,
      sourcemap: false,
      lib: { entry: 'scripts/preview/page-bridge.ts', formats: ['iife'], name: 'TesseraPreviewBridge', fileName: () => FILE_NAME },
    },
  });
  return path.join(outDir, FILE_NAME);
}
