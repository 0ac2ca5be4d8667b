// The main process as CommonJS, dist/main/index.cjs, plus the crypto worker the worker pool starts beside it
// (dist/main/crypto.worker.cjs) and the chunk they share. Electron and native modules stay external (they are
// loaded from node_modules at run time); everything else is bundled.
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const nativeModules = ['better-sqlite3', 'keytar'];

export default defineConfig({
  root,
  publicDir: false,
  build: {
    outDir: 'dist/main',
    emptyOutDir: true,
    target: 'node22',
    minify: false,
    sourcemap: false,
    ssr: true,
    rolldownOptions: {
      // The worker's name and source are CRYPTO_WORKER_ENTRY in main/crypto/worker-pool.ts.
      input: { index: 'main/index.ts', 'crypto.worker': 'main/crypto/crypto.worker.ts' },
      output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name]-[hash].cjs' },
    },
  },
  ssr: {
    // Bundle every dependency except Electron, Node's built-ins and native addons.
    noExternal: true,
    external: ['electron', ...nativeModules, ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
  },
});
