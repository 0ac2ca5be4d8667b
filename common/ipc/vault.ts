// The `vault` domain: the items the user can see. The renderer asks for a window of rows at a time and never
// holds the whole vault; secrets are not part of any answer here (see `secret` and `clipboard`).
import { z } from 'zod';
import { defineEvents, defineMethods } from './define';
import { idSchema, permissionTypeSchema } from './shared-schemas';

/** Limits on what an item may hold, the same as the server's. */
export const RESOURCE_LIMITS = { name: 255, username: 255, uri: 1024, description: 10_000, password: 4096 } as const;

/** At most this many rows per query: a screenful or a few, never the vault. */
export const MAX_QUERY_WINDOW = 500;

export const vaultFilterSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('favorites') }),
  z.object({ kind: z.literal('owned') }),
  z.object({ kind: z.literal('shared-with-me') }),
  z.object({ kind: z.literal('group'), groupId: idSchema }),
]);
export type VaultFilterView = z.infer<typeof vaultFilterSchema>;

/** 'relevance' ranks by how well the search text matches (name A to Z without text). */
export const vaultSorts = ['name', 'modified', 'relevance'] as const;

/** One row of the list: metadata only. */
export const resourceRowSchema = z.object({
  id: idSchema,
  name: z.string(),
  username: z.string().nullable(),
  uri: z.string().nullable(),
  modified: z.string(),
  permission: permissionTypeSchema,
  favorite: z.boolean(),
  /** Someone besides the user can see it. */
  shared: z.boolean(),
});
export type ResourceRow = z.infer<typeof resourceRowSchema>;

export const accessSchema = z.object({
  aro: z.enum(['User', 'Group']),
  aroId: idSchema,
  /** A user's full name and email, or a group's name. */
  name: z.string(),
  type: permissionTypeSchema,
});

export const resourceDetailSchema = resourceRowSchema.extend({
  /** The description when it is kept in cleartext metadata; null when it is part of the secret (reveal it). */
  description: z.string().nullable(),
  /** Whether the description is encrypted with the password (reveal needed). */
  descriptionEncrypted: z.boolean(),
  created: z.string(),
  createdBy: z.string().nullable(),
  modifiedBy: z.string().nullable(),
  access: z.array(accessSchema),
});
export type ResourceDetail = z.infer<typeof resourceDetailSchema>;

const nameSchema = z.string().max(RESOURCE_LIMITS.name);
const optionalText = (max: number) => z.string().max(max).nullable().optional();

export const vaultMethods = defineMethods('vault', {
  /** Search, filter and sort, then one window of the result. `total` is the whole result's size. */
  'vault.query': {
    req: z.object({
      search: z.string().max(256).default(''),
      filter: vaultFilterSchema.default({ kind: 'all' }),
      sort: z.enum(vaultSorts).default('name'),
      direction: z.enum(['asc', 'desc']).optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(MAX_QUERY_WINDOW).default(100),
    }),
    res: z.object({ total: z.number().int().nonnegative(), offset: z.number().int().nonnegative(), rows: z.array(resourceRowSchema) }),
  },
  /** Where one item sits in a query's result (to keep the selection visible after a re-sort or sync); -1 if absent. */
  'vault.position': {
    req: z.object({
      id: idSchema,
      search: z.string().max(256).default(''),
      filter: vaultFilterSchema.default({ kind: 'all' }),
      sort: z.enum(vaultSorts).default('name'),
      direction: z.enum(['asc', 'desc']).optional(),
    }),
    res: z.object({ index: z.number().int().min(-1) }),
  },
  'vault.get': { req: z.object({ id: idSchema }), res: resourceDetailSchema },
  /** The groups the user belongs to, for the filter list. */
  'vault.groups': {
    req: z.undefined(),
    res: z.object({ groups: z.array(z.object({ id: idSchema, name: z.string() })) }),
  },
  'vault.create': {
    req: z.object({
      name: nameSchema.min(1),
      username: optionalText(RESOURCE_LIMITS.username),
      uri: optionalText(RESOURCE_LIMITS.uri),
      description: optionalText(RESOURCE_LIMITS.description),
      password: z.string().max(RESOURCE_LIMITS.password),
    }),
    res: resourceRowSchema,
  },
  /** Changes only the fields given. A new password is encrypted for everyone who has access. */
  'vault.update': {
    req: z.object({
      id: idSchema,
      name: nameSchema.min(1).optional(),
      username: optionalText(RESOURCE_LIMITS.username),
      uri: optionalText(RESOURCE_LIMITS.uri),
      description: optionalText(RESOURCE_LIMITS.description),
      password: z.string().max(RESOURCE_LIMITS.password).optional(),
    }),
    res: resourceRowSchema,
  },
  'vault.delete': { req: z.object({ id: idSchema }), res: z.null() },
  'vault.favorite': { req: z.object({ id: idSchema, favorite: z.boolean() }), res: resourceRowSchema },
  /** Opens the item's website in the default browser; only http(s) addresses are opened. */
  'vault.openUri': { req: z.object({ id: idSchema }), res: z.null() },
});

export const vaultEvents = defineEvents('vault', {
  /** These resources changed (added, edited, shared, removed); the renderer re-queries the ones it shows. */
  'vault.changed': z.object({ resourceIds: z.array(z.uuid()) }),
});
