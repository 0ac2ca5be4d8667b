// Which session-key provider this thread uses: the fast one unless the `fastCrypto` setting turned it off.
// The main process applies the setting here (desktop-ipc.ts) and CryptoWorkerPool passes it on to its threads.
import { NodeSessionKeys } from './node-provider';
import { OpenPgpSessionKeys } from './openpgp-provider';
import type { SessionKeyProvider } from './provider';

export const referenceSessionKeys: SessionKeyProvider = new OpenPgpSessionKeys();
export const fastSessionKeys: SessionKeyProvider = new NodeSessionKeys(referenceSessionKeys);

let active: SessionKeyProvider = fastSessionKeys;

export function sessionKeyProvider(): SessionKeyProvider {
  return active;
}

/** true: node:crypto where it pays (the default); false: openpgp.js for every session key. */
export function useFastSessionKeys(on: boolean): void {
  active = on ? fastSessionKeys : referenceSessionKeys;
}

export function fastSessionKeysOn(): boolean {
  return active === fastSessionKeys;
}
