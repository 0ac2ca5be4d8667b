// Runs sync-memory.entry.ts in a fresh process with the desktop services bundled as the main process is
// (main/vite.config.ts with that entry, the crypto worker beside it), under plain Node: no tsx compiling sources
// in the main thread or in the workers, and none of the calling benchmark's seeding and earlier runs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { MemoryChildInput, MemoryChildReport } from './sync-memory.entry';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The bundle, built once; `measure` runs a fresh child on it each time. Call `dispose` when done. */
export async function bundledMemoryChild(): Promise<{ measure(input: MemoryChildInput): MemoryChildReport; dispose(): void }> {
  const outDir = mkdtempSync(join(tmpdir(), 'tessera-b8-'));
  await build({
    configFile: join(root, 'main/vite.config.ts'), logLevel: 'silent',
    build: { outDir, emptyOutDir: true, rolldownOptions: { input: { index: join(root, 'bench/client/sync-memory.entry.ts') } } },
  });
  return {
    measure(input) {
      const out = execFileSync(process.execPath, ['--expose-gc', join(outDir, 'index.cjs')], {
        env: { ...process.env, TESSERA_SYNC_MEMORY_CHILD: JSON.stringify(input), NODE_PATH: join(root, 'node_modules') },
        encoding: 'utf8', maxBuffer: 16 * 2 ** 20,
      });
      const report = JSON.parse(/MEMORY (\{.*\})/.exec(out)?.[1] ?? 'null') as MemoryChildReport | null;
      if (!report) throw new Error(`memory child failed: ${out.slice(-500)}`);
      return report;
    },
    dispose: () => rmSync(outDir, { recursive: true, force: true }),
  };
}
