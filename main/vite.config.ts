// The main process as one CommonJS file, dist/main/index.cjs. Electron and native modules stay external
// (they are loaded from node_modules at run time); everything else is bundled.
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
    ssr: 'main/index.ts',
    rolldownOptions: {
      output: { format: 'cjs', entryFileNames: 'index.cjs', codeSplitting: false },
    },
  },
  ssr: {
    // Bundle every dependency except Electron, Node's built-ins and native addons.
    noExternal: true,
    external: ['electron', ...nativeModules, ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
  },
});
