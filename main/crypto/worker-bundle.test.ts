// The worker pool must also work from a Vite-built bundle (the Electron main bundle is CommonJS), where
// crypto.worker is emitted as its own entry beside the main file (CRYPTO_WORKER_ENTRY). Builds a small bundle
// with the same two entries and runs it with plain node, no tsx.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { CRYPTO_WORKER_ENTRY } from './worker-pool';

const root = fileURLToPath(new URL('../..', import.meta.url));
const outDirs: string[] = [];
afterAll(() => { for (const dir of outDirs) if (!process.env.KEEP_BUNDLE) rmSync(dir, { recursive: true, force: true }); });

describe.each(['cjs', 'es'] as const)('bundled worker pool (%s)', (format) => {
  it('encrypts and decrypts on worker threads loaded from the bundle', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'tessera-bundle-'));
    outDirs.push(outDir);
    const ext = format === 'cjs' ? 'cjs' : 'mjs';
    await build({
      configFile: false, root, logLevel: 'silent',
      ssr: { noExternal: true },
      build: {
        ssr: true, outDir, emptyOutDir: true, minify: false, target: 'node20',
        rollupOptions: {
          input: { index: join(root, 'main/crypto/test-support/bundle-entry.ts'), [CRYPTO_WORKER_ENTRY.name]: join(root, CRYPTO_WORKER_ENTRY.source) },
          output: { format, entryFileNames: `[name].${ext}`, chunkFileNames: `[name]-[hash].${ext}` },
        },
      },
    });
    expect(readdirSync(outDir)).toContain(`crypto.worker.${ext}`);
    const stdout = execFileSync(process.execPath, [join(outDir, `index.${ext}`)], { encoding: 'utf8', timeout: 60_000 });
    expect(JSON.parse(stdout)).toEqual({
      texts: Array.from({ length: 6 }, (_, i) => `bundled ${i}`),
      signatures: Array.from({ length: 6 }, () => 'valid'),
    });
  }, 120_000);
});
