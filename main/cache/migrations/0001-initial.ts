// Cache schema 1. Every column that carries user data is a sealed BLOB (AES-256-GCM, see row-sealer.ts).
// In clear, and why:
//   - `id` / `resource_id`: opaque server UUIDs, needed as keys for upsert/delete by id during incremental sync and
//     bound into each row's associated data; they say nothing about the content.
//   - `meta.name`: our own setting names (e.g. "server-key"), constants of this code base, never user input.
import type { CacheMigration } from './types';

export const m0001Initial: CacheMigration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE meta (name TEXT PRIMARY KEY, sealed BLOB NOT NULL) WITHOUT ROWID;
      CREATE TABLE resources (id TEXT PRIMARY KEY, sealed BLOB NOT NULL) WITHOUT ROWID;
      CREATE TABLE users (id TEXT PRIMARY KEY, sealed BLOB NOT NULL) WITHOUT ROWID;
      CREATE TABLE groups (id TEXT PRIMARY KEY, sealed BLOB NOT NULL) WITHOUT ROWID;
      CREATE TABLE permissions (id TEXT PRIMARY KEY, resource_id TEXT NOT NULL, sealed BLOB NOT NULL) WITHOUT ROWID;
      CREATE INDEX permissions_by_resource ON permissions (resource_id);
      CREATE TABLE secrets (resource_id TEXT PRIMARY KEY, sealed BLOB NOT NULL) WITHOUT ROWID;
    `);
  },
};
