#!/usr/bin/env node
// Starts the built desktop app (dist/) with the Electron binary from node_modules. Run `npm run build` first.
// Electron's binary is absent where it could not be downloaded (it is fetched on first use, not at install); say so
// plainly instead of failing deep inside Electron's package.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

function electronBinary() {
  try {
    const binary = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (!binary) {
  console.error(
    "Electron's binary is not installed (node_modules/electron has no dist/).\n" +
      'On a machine with internet access, run `node node_modules/electron/install.js` and start again.',
  );
  process.exit(1);
}
if (!existsSync(new URL('../dist/main/index.cjs', import.meta.url))) {
  console.error('dist/main/index.cjs is missing: run `npm run build` first.');
  process.exit(1);
}

// ELECTRON_RUN_AS_NODE would turn the app into a plain Node process; never inherit it.
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;

const child = spawn(binary, [projectRoot, ...process.argv.slice(2)], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
