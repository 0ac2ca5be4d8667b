// Puts a demo account into a desktop profile (the folder the app uses as its data directory) the way a user
// signs in on a new computer: AccountService.importAccount with the recovery kit and passphrase, which logs in
// to the server, pins its key and stores the private key sealed under a device key kept in the OS keychain, or,
// with `keychain: 'none'`, sealed in the profile under a key derived from the passphrase.
import { readFileSync } from 'node:fs';
import { DomainError } from '../common/ipc';
import { WrongDeviceKeyError } from '../main/cache/account-cache';
import { buildDesktopServices } from '../main/electron/desktop-services';
import type { Keychain } from '../main/keychain/keychain';
import { CorruptDeviceKeyError } from '../main/services/device-key.service';
import { DeviceKeyFileError } from '../main/services/passphrase-sealed-device-keys';
import { PRIVATE_KEY_SETTING } from '../main/services/session.service';

export interface ProfileAccount {
  readonly profileDir: string;
  /** The OS keychain, or 'none' to seal the device key with the passphrase in the profile. */
  readonly keychain: Keychain | 'none';
  readonly serverUrl: string;
  readonly userId: string;
  readonly recoveryKitFile: string;
  readonly passphrase: string;
}

/** present: already usable; imported: added; repaired: it was there but its cache no longer opened, so re-imported. */
export type ProfileOutcome = 'present' | 'imported' | 'repaired';

export async function ensureAccountInProfile(target: ProfileAccount): Promise<ProfileOutcome> {
  const services = buildDesktopServices({
    userDataDir: target.profileDir, keychain: target.keychain, poolSize: 1, events: { publish: () => undefined },
  });
  try {
    const existing = services.registry.list().find((a) => a.userId === target.userId && a.serverUrl === target.serverUrl);
    if (existing) {
      if (await cacheOpens(services.stores, existing.id, target.passphrase)) return 'present';
      // Typically a new, empty keyring (another login session): the device key that sealed the cache is gone.
      await services.accounts.remove(existing.id);
    }
    await services.accounts.importAccount({
      serverUrl: target.serverUrl,
      armoredPrivateKey: readFileSync(target.recoveryKitFile, 'utf8'),
      passphrase: target.passphrase,
      userId: target.userId,
    });
    return existing ? 'repaired' : 'imported';
  } finally {
    await services.dispose();
  }
}

async function cacheOpens(stores: ReturnType<typeof buildDesktopServices>['stores'], accountId: string,
  passphrase: string): Promise<boolean> {
  try {
    const store = await stores.open(accountId, passphrase);
    try {
      return store.getSetting(PRIVATE_KEY_SETTING) !== undefined;
    } finally {
      store.close();
    }
  } catch (error) {
    // Only a cache whose device key is gone or does not open it is repaired; anything else (no keychain) is reported.
    if (error instanceof WrongDeviceKeyError || error instanceof CorruptDeviceKeyError || error instanceof DeviceKeyFileError) return false;
    // A sealed key the demo passphrase does not open: the user changed the passphrase; the account stays as it is.
    if (error instanceof DomainError && error.code === 'WRONG_PASSPHRASE') return true;
    throw error;
  }
}
