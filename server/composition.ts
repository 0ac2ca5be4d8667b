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
import { RateLimitService } from './services/rate-limit.service';
import { JwtAuthService } from './services/jwt-auth.service';
import { UserDtoBuilder } from './services/user-dto';
import { OrgSettingsService } from './services/org-settings.service';
import { SetupService } from './services/setup.service';
import { UserRegistrationService } from './services/user-registration.service';
import { UserDirectoryService } from './services/user-directory.service';
import { UserAdminService } from './services/user-admin.service';
import { MailQueue, type MailLogger, type MailTransport } from './mail/mail-queue';
import { smtpTransport } from './mail/smtp-transport';
import { buildResourceServices, type ResourceServices } from './services/resource-services';

export interface Services {
  accessTokens: AccessTokenService;
  /** Resources, resource types, secrets, permissions, share, favorites, groups. */
  sharing: ResourceServices;
  rateLimits: RateLimitService;
  jwtAuth: JwtAuthService;
  userDtos: UserDtoBuilder;
  orgSettings: OrgSettingsService;
  setup: SetupService;
  registration: UserRegistrationService;
  userDirectory: UserDirectoryService;
  userAdmin: UserAdminService;
}

export interface Deps {
  config: ServerConfig;
  db: Kysely<Database>;
  dialect: Dialect;
  clock: Clock;
  keys: { server: ServerKey; jwt: JwtKeys };
  authenticator: Authenticator;
  /**
   * Outgoing mail: `await deps.mail.enqueue(resourceSharedMail({...}))` (templates in mail/templates.ts).
   * Never fails because of SMTP; the mail is sent in the background and retried.
   */
  mail: MailQueue;
  services: Services;
  /** Stops background work and closes the database. */
  close(): Promise<void>;
}

export interface BuildOptions {
  clock?: Clock;
  /** Apply pending migrations first (the CLI does; a caller that migrated already may skip it). */
  migrate?: boolean;
  /** Replaces the SMTP transport (tests). */
  mailTransport?: MailTransport | null;
  mailLogger?: MailLogger;
  /** First mail retry delay in ms (doubles per attempt). */
  mailRetryBaseMs?: number;
}

const silentMailLogger: MailLogger = { info: () => undefined, warn: () => undefined };

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
    const publicUrl = () => config.publicUrl;
    const accessTokens = new AccessTokenService(keys.jwt, clock, () => `${config.publicUrl}/`);
    const authenticator = new Authenticator(db, accessTokens, clock);
    const transport = options.mailTransport !== undefined ? options.mailTransport
      : config.smtpUrl ? smtpTransport(config.smtpUrl) : null;
    const mail = new MailQueue(db, clock, transport, options.mailLogger ?? silentMailLogger, {
      dialect: database.dialect, from: () => config.mailFrom, pollMs: config.mailPollMs, retryBaseMs: options.mailRetryBaseMs ?? config.mailRetryBaseMs,
    });
    const rateLimits = new RateLimitService(db, clock, config.rateLimits);
    const jwtAuth = new JwtAuthService(db, clock, keys.server, accessTokens, publicUrl);
    const userDtos = new UserDtoBuilder(db, publicUrl);
    const orgSettings = new OrgSettingsService(db, clock);
    const sharing = buildResourceServices({ db, dialect: database.dialect, clock, userDtos, mail, publicUrl });
    // A registered key's encryption key ids are stored with it, so no share ever parses keys on its request path.
    const setup = new SetupService(db, clock, userDtos, () => orgSettings.userPassphrasePolicies(),
      async (userId, q) => { await sharing.secretIntake.encryptionKeyIds([userId], q); });
    const registration = new UserRegistrationService(db, clock);
    const userDirectory = new UserDirectoryService(db, clock, userDtos);
    const userAdmin = new UserAdminService(db, clock, userDtos, registration, setup, mail, publicUrl, database.dialect);
    const services: Services = {
      sharing, accessTokens, rateLimits, jwtAuth, userDtos, orgSettings, setup, registration, userDirectory, userAdmin,
    };
    return {
      config, db, dialect: database.dialect, clock, keys, authenticator, mail, services,
      close: async () => { await mail.stop(); await database.close(); },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
