// Encryption key ids of users' public keys, keyed by a hash of the armored key. Checking that a secret is
// encrypted to its user needs those ids; parsing an armored key costs milliseconds, so a share with a
// 1,000-member group would spend seconds on it after every restart without this table. A row never goes
// stale: a different key has a different hash.
import type { MigrationDb as Db } from './index';

export async function up(db: Db): Promise<void> {
  await db.schema.createTable('recipient_key_ids')
    .addColumn('armored_sha256', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('key_ids', 'varchar(1024)', (c) => c.notNull())
    .addColumn('created', 'varchar(32)', (c) => c.notNull())
    .execute();
}
