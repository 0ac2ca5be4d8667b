// One key, one user, ever: a unique index on gpgkeys.fingerprint closes the race where two users register the
// same key at the same moment (the service checks first; the index decides between simultaneous requests).
import type { MigrationDb as Db } from './index';

export async function up(db: Db): Promise<void> {
  await db.schema.dropIndex('gpgkeys_fingerprint').execute();
  await db.schema.createIndex('gpgkeys_fingerprint_unique').on('gpgkeys').column('fingerprint').unique().execute();
}
