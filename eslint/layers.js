// The dependency directions of docs/ARCHITECTURE.md, as `no-restricted-imports` rules per folder.
// renderer -> common, preload -> common, main/electron -> main/services -> main/{crypto,cache,keychain,api} -> common,
// server -> common. Electron is importable only from main/electron/, main/index.ts and preload/.
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

// A relative import that climbs out of its folder into another top-level layer.
const intoLayer = (layers) => ({
  regex: `^(\\.\\./)+(${layers.join('|')})(/|$)`,
  message: `This layer may not import from ${layers.join(', ')} (docs/ARCHITECTURE.md, Layers).`,
});
// The same, spelled through main/ itself (`../../main/electron/x` from main/services/x.ts).
const intoMainLayer = (layers) => ({
  regex: `^(\\.\\./)+main/(${layers.join('|')})(/|$)`,
  message: `This layer may not import from main/${layers.join(', main/')} (docs/ARCHITECTURE.md, Layers).`,
});
const electron = { regex: '^electron(/|$)', message: 'Electron is imported only in main/electron/, main/index.ts and preload/.' };
const builtins = { group: nodeBuiltins, message: 'This layer must not depend on Node built-ins.' };

// Tests may reach across layers to build fixtures (a test in main/ starts a real server).
const testFiles = ['**/*.test.ts', '**/*.test.tsx', '**/test-support/**'];

function restrict(files, patterns, extra = {}) {
  const ignores = [...testFiles, ...(extra.ignores ?? [])];
  return { files, ignores, rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

export const layerConfigs = [
  restrict(['common/**/*.{ts,tsx}'], [
    electron, builtins,
    { group: ['react', 'react-dom', 'zustand'], message: 'common/ is pure TypeScript.' },
    intoLayer(['main', 'server', 'renderer', 'preload', 'e2e', 'bench']),
  ]),
  restrict(['renderer/**/*.{ts,tsx}'], [
    electron, builtins, intoLayer(['main', 'server', 'preload', 'e2e', 'bench']),
  ], { ignores: ['renderer/vite.config.ts'] }),
  restrict(['preload/**/*.ts'], [
    builtins, intoLayer(['main', 'server', 'renderer', 'e2e', 'bench']),
  ], { ignores: ['preload/vite.config.ts'] }),
  restrict(['server/**/*.ts'], [
    electron, intoLayer(['main', 'renderer', 'preload', 'e2e', 'bench']),
  ]),
  restrict(['main/services/**/*.ts'], [
    electron, intoLayer(['electron', 'server', 'renderer', 'preload', 'e2e', 'bench']), intoMainLayer(['electron', 'index']),
  ]),
  restrict(['main/{crypto,cache,keychain,api}/**/*.ts'], [
    electron, intoLayer(['electron', 'services', 'server', 'renderer', 'preload', 'e2e', 'bench']),
    intoMainLayer(['electron', 'services', 'index']),
  ]),
  restrict(['main/electron/**/*.ts', 'main/index.ts'], [
    intoLayer(['server', 'renderer', 'e2e', 'bench']),
  ]),
];
