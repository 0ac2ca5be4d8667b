// The preview is never part of the packaged app. electron-builder packages dist/main, dist/preload and
// dist/renderer (build/electron-builder.yml); this builds all three with their real Vite configs (into a scratch
// folder, so a concurrent `npm run build` is not disturbed) and searches every emitted file for the preview's
// markers: its transport paths, its token storage key and its relaxed CSP. The preview's own
// bundle, built the same way, must contain them, so an empty search cannot pass by accident.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePreviewBridge } from './bundle-bridge';
import { BRIDGE_SCRIPT_PATH, EVENTS_PATH, IPC_PATH, TOKEN_STORAGE_KEY } from './names';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'tessera-packaged-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const markers = [IPC_PATH, EVENTS_PATH, BRIDGE_SCRIPT_PATH, TOKEN_STORAGE_KEY, "connect-src 'self'"];
const parts = ['main', 'preload', 'renderer'] as const;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Which markers a folder's files contain, as "file: marker". */
function found(dir: string): string[] {
  return filesUnder(dir).flatMap((file) => {
    const text = readFileSync(file).toString('latin1');
    return markers.filter((marker) => text.includes(marker)).map((marker) => `${file.slice(dir.length + 1)}: ${marker}`);
  });
}

beforeAll(async () => {
  for (const part of parts) {
    await build({
      configFile: join(root, part, 'vite.config.ts'), logLevel: 'silent',
      build: { outDir: join(scratch, part), emptyOutDir: true },
    });
  }
}, 180_000);

describe('the packaged app', () => {
  it('packages only dist/main, dist/preload, dist/renderer and package.json', () => {
    const config = readFileSync(join(root, 'build/electron-builder.yml'), 'utf8');
    const files = /^files:\n((?:\s+- .*\n)+)/m.exec(config)?.[1]?.split('\n').map((line) => line.replace(/^\s+- /, '').trim()).filter(Boolean);
    expect(files).toEqual(['package.json', 'dist/main/**', 'dist/preload/**', 'dist/renderer/**']);
  });

  it.each(parts)('dist/%s holds none of the preview', (part) => {
    expect(filesUnder(join(scratch, part)).length).toBeGreaterThan(0);
    expect(found(join(scratch, part))).toEqual([]);
  });

  it('the renderer keeps the app\'s CSP (connect-src \'none\') and loads no preview script', () => {
    const html = readFileSync(join(scratch, 'renderer', 'index.html'), 'utf8');
    expect(html).toContain("connect-src 'none'");
    expect(html).not.toContain('__tessera');
  });

  it('the search finds the markers where the preview is: its own bundle, built outside dist/', async () => {
    const bridge = await bundlePreviewBridge(join(scratch, 'preview'));
    const text = readFileSync(bridge, 'utf8');
    for (const marker of [IPC_PATH, EVENTS_PATH, TOKEN_STORAGE_KEY]) expect(text).toContain(marker);
    await expect(bundlePreviewBridge(join(root, 'dist', 'preview'))).rejects.toThrow('never be built into dist/');
  });
});
