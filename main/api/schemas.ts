// The shapes the client relies on in the server's answers. Unknown fields are
// dropped; fields the client needs are checked, so a hostile or broken server gets a typed error, not a crash.
import { z } from 'zod';
import { MAX_LISTED_FIELD_LENGTH } from './resource-list-parser';

const uuid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/);
/** Passbolt renders flags as booleans; a server backed by 0/1 columns might not. */
const flag = z.union([z.boolean(), z.literal(0), z.literal(1)]).transform((v) => Boolean(v));
const timestamp = z.string();

export const gpgkeySchema = z.object({
  id: uuid.optional(),
  user_id: uuid,
  fingerprint: z.string().regex(/^[0-9A-Fa-f]{40}$/),
  armored_key: z.string(),
  deleted: flag.optional(),
  modified: timestamp.optional(),
  created: timestamp.optional(),
});
export type GpgkeyDto = z.infer<typeof gpgkeySchema>;

export const profileSchema = z.object({
  first_name: z.string(),
  last_name: z.string(),
});

export const roleSchema = z.object({ id: uuid, name: z.string() });

export const groupsUserSchema = z.object({
  id: uuid,
  group_id: uuid,
  user_id: uuid,
  is_admin: flag,
  created: timestamp.optional(),
});
export type GroupsUserDto = z.infer<typeof groupsUserSchema>;

export const userSchema = z.object({
  id: uuid,
  username: z.string(),
  role_id: uuid.optional(),
  active: flag.optional(),
  deleted: flag.optional(),
  disabled: z.string().nullable().optional(),
  created: timestamp.optional(),
  modified: timestamp.optional(),
  last_logged_in: z.string().nullable().optional(),
  profile: profileSchema.nullable().optional(),
  role: roleSchema.nullable().optional(),
  gpgkey: gpgkeySchema.nullable().optional(),
  groups_users: z.array(groupsUserSchema).optional(),
});
export type UserDto = z.infer<typeof userSchema>;

export const groupSchema = z.object({
  id: uuid,
  name: z.string(),
  deleted: flag.optional(),
  created: timestamp.optional(),
  modified: timestamp.optional(),
  created_by: uuid.nullable().optional(),
  modified_by: uuid.nullable().optional(),
  groups_users: z.array(groupsUserSchema).optional(),
  my_group_user: groupsUserSchema.nullable().optional(),
  user_count: z.number().optional(),
});
export type GroupDto = z.infer<typeof groupSchema>;

export const permissionSchema = z.object({
  id: uuid,
  aco: z.string(),
  aco_foreign_key: uuid,
  aro: z.enum(['User', 'Group']),
  aro_foreign_key: uuid,
  type: z.union([z.literal(1), z.literal(7), z.literal(15)]),
  created: timestamp.optional(),
  modified: timestamp.optional(),
  user: userSchema.nullable().optional(),
  group: groupSchema.nullable().optional(),
});
export type PermissionDto = z.infer<typeof permissionSchema>;

export const favoriteSchema = z.object({
  id: uuid,
  user_id: uuid.optional(),
  foreign_key: uuid,
  foreign_model: z.string().optional(),
  created: timestamp.optional(),
});
export type FavoriteDto = z.infer<typeof favoriteSchema>;

export const secretSchema = z.object({
  id: uuid.optional(),
  user_id: uuid,
  resource_id: uuid,
  data: z.string(),
  created: timestamp.optional(),
  modified: timestamp.optional(),
});
export type SecretDto = z.infer<typeof secretSchema>;

/** A v4 resource: metadata in clear. v5 resources (armored `metadata`, no `name`) do not match. */
/** The bound resource-list-parser.ts checks on every text field. */
const bounded = () => z.string().max(MAX_LISTED_FIELD_LENGTH);

export const resourceSchema = z.object({
  id: uuid,
  resource_type_id: uuid,
  name: bounded(),
  username: bounded().nullable().optional(),
  uri: bounded().nullable().optional(),
  description: bounded().nullable().optional(),
  expired: z.string().nullable().optional(),
  deleted: flag.optional(),
  created: timestamp,
  modified: timestamp,
  created_by: uuid.nullable().optional(),
  modified_by: uuid.nullable().optional(),
  folder_parent_id: uuid.nullable().optional(),
  personal: flag.nullable().optional(),
  permission: permissionSchema.nullable().optional(),
  permissions: z.array(permissionSchema).optional(),
  favorite: favoriteSchema.nullable().optional(),
  secrets: z.array(secretSchema).optional(),
}).refine((r) => [r.permission, ...(r.permissions ?? [])].every((p) => !p || p.aco_foreign_key.toLowerCase() === r.id.toLowerCase()),
  { message: 'a permission of another resource', path: ['permissions'] });
export type ResourceDto = z.infer<typeof resourceSchema>;

export const resourceTypeSchema = z.object({
  id: uuid,
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable().optional(),
  deleted: z.union([z.string(), z.boolean()]).nullable().optional(),
});
export type ResourceTypeDto = z.infer<typeof resourceTypeSchema>;

export const serverKeySchema = z.object({ fingerprint: z.string(), keydata: z.string() });

export const challengeResponseSchema = z.object({ challenge: z.string() });

export const refreshResponseSchema = z.object({ access_token: z.string() });

export const setupStartSchema = z.object({
  user: userSchema,
  user_passphrase_policy: z.object({
    entropy_minimum: z.number(),
    external_dictionary_check: z.boolean(),
  }).nullable().optional(),
});
export type SetupStartDto = z.infer<typeof setupStartSchema>;

const idRef = z.object({ id: uuid });
export const shareSimulateSchema = z.object({
  changes: z.object({
    added: z.array(z.object({ User: idRef })),
    removed: z.array(z.object({ User: idRef })),
  }),
});

export const aroSchema = z.union([
  userSchema.extend({ profile: profileSchema }),
  groupSchema,
]);

/** Passbolt wraps each caller secret as `{Secret: [row]}`; a single row object is tolerated too. */
export const groupDryRunSchema = z.object({
  'dry-run': z.object({
    SecretsNeeded: z.array(z.object({ Secret: z.object({ resource_id: uuid, user_id: uuid }) })),
    Secrets: z.array(z.object({ Secret: z.union([z.array(secretSchema), secretSchema]) })),
  }),
});

export const passwordPolicySchema = z.object({
  default_generator: z.enum(['password', 'passphrase']),
  external_dictionary_check: z.boolean().optional(),
  password_generator_settings: z.object({ length: z.number() }).catchall(z.unknown()),
  passphrase_generator_settings: z.object({
    words: z.number(),
    word_separator: z.string(),
    word_case: z.enum(['lowercase', 'uppercase', 'camelcase']),
  }).catchall(z.unknown()),
}).catchall(z.unknown());
export type PasswordPolicyDto = z.infer<typeof passwordPolicySchema>;

export const userPassphrasePolicySchema = z.object({
  entropy_minimum: z.number(),
  external_dictionary_check: z.boolean(),
}).catchall(z.unknown());
export type UserPassphrasePolicyDto = z.infer<typeof userPassphrasePolicySchema>;

/** A delete dry-run refusal names the resources/groups that need a new owner/manager. */
export const deleteDryRunErrorSchema = z.object({
  errors: z.object({
    resources: z.object({ sole_owner: z.array(z.unknown()) }).partial().optional(),
    groups: z.object({ sole_manager: z.array(z.unknown()) }).partial().optional(),
  }).partial(),
}).partial();

export { uuid as uuidSchema };
