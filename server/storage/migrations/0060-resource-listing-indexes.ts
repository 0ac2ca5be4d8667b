// Indexes for listing resources at a cost proportional to the page rather than to everything a user can see.
// - resources (deleted, created, id), (deleted, modified, id) and (deleted, name, id): a list sorted by creation,
//   modification or name (Passbolt's default) walks the live rows in order, from where the previous page ended
//   for a continued page, and stops after `limit` visible ones; a whole list needs no sort.
// - permissions (aro_foreign_key, aco_foreign_key, aco, type) replaces (aro_foreign_key, aco_foreign_key): the same
//   prefix, and it also answers "may this user or group read this resource, and how" from the index alone, for
//   the visibility check of each listed row and for counting what a user can see.
import type { MigrationDb as Db } from './index';

export async function up(db: Db): Promise<void> {
  await db.schema.createIndex('resources_live_created').on('resources').columns(['deleted', 'created', 'id']).execute();
  await db.schema.createIndex('resources_live_modified').on('resources').columns(['deleted', 'modified', 'id']).execute();
  await db.schema.createIndex('resources_live_name').on('resources').columns(['deleted', 'name', 'id']).execute();
  await db.schema.createIndex('permissions_aro_resource_type').on('permissions')
    .columns(['aro_foreign_key', 'aco_foreign_key', 'aco', 'type']).execute();
  await db.schema.dropIndex('permissions_aro_fk').execute();
}
