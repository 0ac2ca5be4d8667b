import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
export const rendererDist = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
export const pageBridgeBundle = fileURLToPath(new URL('../../dist/e2e-harness/page-bridge.js', import.meta.url));
export const artifactsDir = fileURLToPath(new URL('../artifacts', import.meta.url));
