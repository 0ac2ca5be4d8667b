// The layer rules of docs/ARCHITECTURE.md, run through ESLint's Node API with the project's own config: each forbidden
// import is reported, each allowed one is not.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: projectRoot });

async function layerViolations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  expect(result, `${filePath} was not linted`).toBeDefined();
  const fatal = result!.messages.filter((m) => m.fatal);
  expect(fatal, `${filePath} did not parse`).toEqual([]);
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const use = (spec: string, name = 'x') => `import ${name} from '${spec}';\nexport const used = ${name};\n`;

describe('layer rules', () => {
  it.each([
    ['common/x.ts', 'node:fs', /Node built-ins/],
    ['common/x.ts', 'fs', /Node built-ins/],
    ['common/ipc/x.ts', 'electron', /Electron/],
    ['common/x.ts', 'react', /pure TypeScript/],
    ['common/x.ts', '../main/services/x', /may not import/],
    ['renderer/x.tsx', 'electron', /Electron/],
    ['renderer/src/x.tsx', 'node:path', /Node built-ins/],
    ['renderer/src/x.tsx', '../../main/services/app-info.service', /may not import/],
    ['renderer/src/x.tsx', '../../preload/bridge', /may not import/],
    ['preload/x.ts', 'node:fs', /Node built-ins/],
    ['preload/x.ts', '../main/electron/ipc-dispatch', /may not import/],
    ['main/services/x.ts', '../electron/y', /may not import/],
    ['main/services/x.ts', 'electron', /Electron/],
    ['main/services/deep/x.ts', '../../electron/y', /may not import/],
    ['main/services/x.ts', '../../main/electron/y', /may not import/],
    ['main/services/x.ts', '../../main/index', /may not import/],
    ['main/crypto/x.ts', '../services/vault.service', /may not import/],
    ['main/cache/x.ts', '../../main/services/y', /may not import/],
    ['main/keychain/x.ts', 'electron', /Electron/],
    ['main/api/x.ts', '../electron/windows', /may not import/],
    ['server/x.ts', '../main/z', /may not import/],
    ['server/http/x.ts', '../../main/crypto/z', /may not import/],
    ['server/x.ts', 'electron', /Electron/],
    ['main/electron/x.ts', '../../server/x', /may not import/],
    ['main/electron/x.ts', '../../renderer/src/app', /may not import/],
  ])('reports %s importing %s', async (filePath, spec, message) => {
    const violations = await layerViolations(filePath, use(spec));
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(message);
  });

  it('reports type-only imports across layers too', async () => {
    expect(await layerViolations('main/services/x.ts', "import type { BrowserWindow } from 'electron';\nexport type W = BrowserWindow;\n")).toHaveLength(1);
  });

  it.each([
    ['main/electron/x.ts', 'electron'],
    ['main/electron/x.ts', '../services/app-info.service'],
    ['main/electron/x.ts', '../../common/ipc'],
    ['main/index.ts', 'electron'],
    ['main/index.ts', './services/app-info.service'],
    ['preload/index.ts', 'electron'],
    ['preload/index.ts', '../common/ipc'],
    ['main/services/x.ts', '../crypto/x'],
    ['main/services/x.ts', '../cache/x'],
    ['main/services/x.ts', 'node:fs'],
    ['main/services/x.ts', '../../common/ipc'],
    ['main/crypto/x.ts', 'openpgp'],
    ['main/crypto/x.ts', '../../common/x'],
    ['renderer/src/x.tsx', '../../common/ipc'],
    ['renderer/src/x.tsx', 'react'],
    ['server/x.ts', '../common/x'],
    ['server/x.ts', 'node:fs'],
    ['common/ipc/x.ts', 'zod'],
    ['common/ipc/x.ts', './errors'],
    ['main/services/x.test.ts', '../electron/y'],
    ['main/services/test-support/x.ts', '../../../server/cli'],
  ])('allows %s importing %s', async (filePath, spec) => {
    expect(await layerViolations(filePath, use(spec))).toEqual([]);
  });
});
