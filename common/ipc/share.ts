// The `share` domain: who can see an item, and changing it. Every change is simulated by the server first, so
// the dialog shows who gains and who loses access before anything is applied.
import { z } from 'zod';
import { operationIdSchema } from './bulk';
import { defineMethods } from './define';
import { idSchema, permissionTypeSchema } from './shared-schemas';

/** What the app knows about a user's key: pinned fingerprint, verified by the user, first seen when. */
export const keyViewSchema = z.object({
  fingerprint: z.string().max(128).nullable(),
  /** The user compared the fingerprint with its owner (out of band) and marked it verified. */
  verified: z.boolean(),
  /** A warning to show before sharing with this key, if any (new and unverified, or email mismatch). */
  warning: z.string().max(500).optional(),
  /** When this computer first saw (pinned) the key; absent for pins made before first-seen times were kept. */
  firstSeen: z.iso.datetime().optional(),
  /**
   * Present when the key changed since this computer first saw it: the fingerprint pinned then. Sharing with the
   * person is refused until the user compares the new fingerprint with them and accepts it (`users.acceptKey`).
   */
  previousFingerprint: z.string().max(128).optional(),
});

export const shareChangeSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('add'), aro: z.enum(['User', 'Group']), aroId: idSchema, type: permissionTypeSchema }),
  z.object({ action: z.literal('update'), permissionId: idSchema, type: permissionTypeSchema }),
  z.object({ action: z.literal('remove'), permissionId: idSchema }),
]);

const changesSchema = z.array(shareChangeSchema).min(1).max(1000);
const namedUserSchema = z.object({ userId: idSchema, name: z.string() });

export const shareMethods = defineMethods('share', {
  /** Users and groups whose name or email contains `search`, to add to an item's access. */
  'share.search': {
    req: z.object({ search: z.string().trim().min(1).max(128) }),
    res: z.object({
      matches: z.array(z.object({
        kind: z.enum(['user', 'group']),
        id: idSchema,
        name: z.string(),
        username: z.string().optional(),
        userCount: z.number().int().nonnegative().optional(),
        key: keyViewSchema.optional(),
      })).max(50),
    }),
  },
  /** Everyone who has access to an item now. */
  'share.permissions': {
    req: z.object({ resourceId: idSchema }),
    res: z.object({
      permissions: z.array(z.object({
        permissionId: idSchema, aro: z.enum(['User', 'Group']), aroId: idSchema, name: z.string(), type: permissionTypeSchema,
        key: keyViewSchema.optional(),
      })),
    }),
  },
  /** Who would gain and lose access with these changes; nothing is changed. */
  'share.simulate': {
    req: z.object({ resourceId: idSchema, changes: changesSchema }),
    res: z.object({ added: z.array(namedUserSchema), removed: z.array(namedUserSchema) }),
  },
  /** Applies the changes: the secret is encrypted for everyone who gains access (progress as bulk.progress). */
  'share.apply': {
    req: z.object({ resourceId: idSchema, changes: changesSchema, operationId: operationIdSchema }),
    res: z.object({
      addedUsers: z.number().int().nonnegative(),
      removedUsers: z.number().int().nonnegative(),
      /** False when the user removed their own access: the item left the vault. */
      stillVisible: z.boolean(),
    }),
  },
});
