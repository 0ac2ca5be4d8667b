// The `groups` domain: the organisation's groups and their members. Adding members encrypts every secret the
// group reaches for them (progress as bulk.progress, cancellable).
import { z } from 'zod';
import { operationIdSchema } from './bulk';
import { defineMethods } from './define';
import { idSchema } from './shared-schemas';

export const groupSchema = z.object({
  id: idSchema,
  name: z.string(),
  memberCount: z.number().int().nonnegative(),
  members: z.array(z.object({ userId: idSchema, name: z.string(), isManager: z.boolean() })),
  /** The user manages this group (may add and remove members). */
  iAmManager: z.boolean(),
});

const groupName = z.string().trim().min(1).max(255);
const memberSchema = z.object({ userId: idSchema, isManager: z.boolean() });

export const groupsMethods = defineMethods('groups', {
  'groups.list': { req: z.undefined(), res: z.object({ groups: z.array(groupSchema) }) },
  /** Administrators create groups; at least one member must be a manager. */
  'groups.create': { req: z.object({ name: groupName, members: z.array(memberSchema).min(1).max(10_000) }), res: groupSchema },
  /** Administrators rename groups. */
  'groups.rename': { req: z.object({ groupId: idSchema, name: groupName }), res: groupSchema },
  'groups.updateMembers': {
    req: z.object({
      groupId: idSchema,
      operationId: operationIdSchema,
      add: z.array(memberSchema).max(10_000).optional(),
      remove: z.array(idSchema).max(10_000).optional(),
      setManager: z.array(memberSchema).max(10_000).optional(),
    }),
    res: z.object({ group: groupSchema, secretsShared: z.number().int().nonnegative() }),
  },
  'groups.delete': { req: z.object({ groupId: idSchema }), res: z.null() },
});
