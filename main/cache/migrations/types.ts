import type { Database } from 'better-sqlite3';

/** One schema step. `up` runs inside a transaction opened by the runner; it must not open its own. */
export interface CacheMigration {
  /** 1, 2, 3... with no gaps; stored in SQLite's `user_version` once applied. */
  version: number;
  name: string;
  up(db: Database): void;
}
