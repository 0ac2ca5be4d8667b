// The UUIDs the server makes: name-based ones for ids fixed on every installation, time-ordered ones for new rows.
import { v5, v7 } from 'uuid';

/** Passbolt's UuidFactory namespace, so ids derived from the same names match Passbolt's. */
export const PASSBOLT_UUID_NAMESPACE = 'd5447ca1-950f-459d-8b20-86ddfdd0f922';

/** A name-based UUID (version 5), for ids that must be identical on every installation. */
export function uuidV5(name: string, namespace: string = PASSBOLT_UUID_NAMESPACE): string {
  return v5(name, namespace);
}

/**
 * A new id for a resource and for the permission and secret rows that hang off one (version 7: the creation time in
 * milliseconds first, then random bits and a counter, so ids made by this process ascend). Every index keyed by a
 * resource id then holds a vault's resources roughly in the order they were created, the order lists and syncs read
 * them in, so a page of them touches a few neighbouring index pages instead of one page per row spread over the whole
 * index; with random ids a page's cost grew with the indexes (bench/RESULTS.md).
 * Not for tokens or anything else that must be unguessable: the time part is public and the rest partly a counter.
 */
export function newRowId(): string {
  return v7();
}
