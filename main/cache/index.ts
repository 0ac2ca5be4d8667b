// main/cache: the per-account local cache (better-sqlite3, WAL, AES-256-GCM sealed rows).
//
//   const cache = AccountCache.open(path, deviceKey);   cache.resources.list();   cache.close();
export * from './account-cache';
export { CacheFromTheFutureError, migrateCache, schemaVersion } from './migrator';
export { CACHE_MIGRATIONS, type CacheMigration } from './migrations';
export { DEVICE_KEY_BYTES, RowSealer, SealError } from './row-sealer';
