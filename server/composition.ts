// The composition root: builds every server part by hand, in dependency order. To add a service, construct it
// in `buildDeps` and add it to `Services` (and `services` below).
import { mkdirSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { ServerConfig } from './config';
import { openDatabase, type Dialect } from './storage/database';
import type { Database } from './storage/schema';
import { migrate } from './storage/migrator';
import { systemClock, type Clock } from './util/clock';
import { loadOrCreateJwtKeys, type JwtKeys } from './keys/jwt-keys';
import { loadOrCreateServerKey, type ServerKey } from './keys/server-key';
import { AccessTokenService } from './services/access-token.service';
import { Authenticator } from './http/auth-guard';

export interface Services {
  accessTokens: AccessTokenService;
}

export interface Deps {
  config: ServerConfig;
  db: Kysely<Database>;
  dialect: Dialect;
  clock: Clock;
  keys: { server: ServerKey; jwt: JwtKeys };
  authenticator: Authenticator;
  services: Services;
  /** Stops background work and closes the database. */
  close(): Promise<void>;
}

export interface BuildOptions {
  clock?: Clock;
  /** Apply pending migrations first (the CLI does; a caller that migrated already may skip it). */
  migrate?: boolean;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname || 'localhost';
  } catch {
    return 'localhost';
  }
}

export async function buildDeps(config: ServerConfig, options: BuildOptions = {}): Promise<Deps> {
  const clock = options.clock ?? systemClock;
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const database = openDatabase(config.databaseUrl);
  try {
    if (options.migrate !== false) await migrate(database.db, database.dialect);
    const keys = {
      server: await loadOrCreateServerKey(config.dataDir, hostOf(config.publicUrl)),
      jwt: await loadOrCreateJwtKeys(config.dataDir),
    };
    const db = database.db;
    const accessTokens = new AccessTokenService(keys.jwt, clock, () => `${config.publicUrl}/`);
    const authenticator = new Authenticator(db, accessTokens, clock);
    const services: Services = { accessTokens };
    return {
      config, db, dialect: database.dialect, clock, keys, authenticator, services,
      close: async () => { await database.close(); },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
