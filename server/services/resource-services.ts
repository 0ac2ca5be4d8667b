// Builds the resources/sharing/groups services in dependency order; the composition root calls this once.
import type { Dialect } from '../storage/database';
import type { MailQueue } from '../mail/mail-queue';
import type { Clock } from '../util/clock';
import { RecipientKeyCache } from '../crypto/secret-message';
import { AccessService, type Db } from './access.service';
import { FavoriteService } from './favorite.service';
import { GroupLookup } from './group-lookup';
import { GroupService } from './group.service';
import { PermissionService } from './permission.service';
import { UserDtoRenderer } from './resource-render';
import { ResourceTypeService } from './resource-type.service';
import { ResourceService } from './resource.service';
import { SecretIntakeService } from './secret-intake.service';
import { SecretService } from './secret.service';
import { AccessMailer } from './share-mail';
import { ShareSearchService } from './share-search.service';
import { ShareService } from './share.service';
import type { UserDtoBuilder } from './user-dto';

export interface ResourceServices {
  access: AccessService;
  /**
   * Secret checks and users' recipient key ids. Setup may call `secretIntake.warm([userId], db)` once a key is
   * stored, so the first share to that user does not parse the key.
   */
  secretIntake: SecretIntakeService;
  resources: ResourceService;
  resourceTypes: ResourceTypeService;
  secrets: SecretService;
  permissions: PermissionService;
  share: ShareService;
  shareSearch: ShareSearchService;
  favorites: FavoriteService;
  groups: GroupService;
}

export interface ResourceServicesInput {
  db: Db;
  dialect: Dialect;
  clock: Clock;
  userDtos: UserDtoBuilder;
  /** Null disables the sharing and membership mails (tests of other parts). */
  mail: MailQueue | null;
  publicUrl: () => string;
}

export function buildResourceServices(input: ResourceServicesInput): ResourceServices {
  const { db, dialect, clock } = input;
  const access = new AccessService(db);
  const intake = new SecretIntakeService(new RecipientKeyCache());
  const users = new UserDtoRenderer(db, input.userDtos);
  const groupLookup = new GroupLookup(db);
  const mailer = input.mail ? new AccessMailer(db, input.mail, input.publicUrl) : null;
  return {
    access,
    secretIntake: intake,
    resources: new ResourceService(db, dialect, access, intake, users, clock),
    resourceTypes: new ResourceTypeService(db),
    secrets: new SecretService(db),
    permissions: new PermissionService(db, access, users, groupLookup),
    share: new ShareService(db, dialect, access, intake, clock, mailer),
    shareSearch: new ShareSearchService(db, users, groupLookup, clock, intake),
    favorites: new FavoriteService(db, access, clock),
    groups: new GroupService(db, dialect, access, intake, users, clock, mailer),
  };
}
