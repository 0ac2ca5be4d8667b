// The `users` domain: the organisation's people as this computer knows them, with their keys' fingerprints, and
// marking a colleague's key as verified after comparing the fingerprint with them.
import { z } from 'zod';
import { defineMethods } from './define';
import { keyViewSchema } from './share';
import { idSchema } from './shared-schemas';

export const userViewSchema = z.object({
  id: idSchema,
  username: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  role: z.enum(['admin', 'user']),
  /** Completed their setup (has a key). */
  active: z.boolean(),
  disabled: z.boolean(),
  key: keyViewSchema,
});

export const usersMethods = defineMethods('users', {
  'users.list': {
    req: z.undefined(),
    res: z.object({ users: z.array(userViewSchema), me: z.object({ id: idSchema, isAdmin: z.boolean() }) }),
  },
  /** Marks the key with this fingerprint as verified for the user; refused if it is not the key pinned now. */
  'users.verifyKey': { req: z.object({ userId: idSchema, fingerprint: z.string().trim().min(32).max(128) }), res: userViewSchema },
  /**
   * Trusts a user's changed key after the user compared its new fingerprint with them: it becomes the pinned key,
   * marked verified. Refused unless `fingerprint` is the key the user has now.
   */
  'users.acceptKey': { req: z.object({ userId: idSchema, fingerprint: z.string().trim().min(32).max(128) }), res: userViewSchema },
});
