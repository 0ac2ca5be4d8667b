// Seeds the three roles. Ids are name-based so every installation (and every test) has the same role ids.
import type { MigrationDb as Db } from './index';
import { uuidV5 } from '../../util/uuid';

export const ROLE_IDS = {
  admin: uuidV5('roles.id.admin'),
  user: uuidV5('roles.id.user'),
  guest: uuidV5('roles.id.guest'),
} as const;

const descriptions = {
  admin: 'Organization administrator',
  user: 'Logged in user',
  guest: 'Non logged in user',
} as const;

export async function up(db: Db): Promise<void> {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00');
  await db.insertInto('roles').values((['admin', 'user', 'guest'] as const).map((name) => ({
    id: ROLE_IDS[name], name, description: descriptions[name], created: now, modified: now,
  }))).execute();
}
