// The cache's migrations, in order. Append only: a shipped migration is never edited, a change is a new file.
import { m0001Initial } from './0001-initial';
import type { CacheMigration } from './types';

export type { CacheMigration } from './types';
export const CACHE_MIGRATIONS: readonly CacheMigration[] = [m0001Initial];
