// The `admin` domain: administrators only (the window hides it for others, main refuses it for them, and the
// server refuses it again). Inviting, disabling and deleting users, and the organisation's policies.
import { z } from 'zod';
import { defineMethods } from './define';
import { generatorOptionsSchema } from './generator';
import { idSchema, passphrasePolicySchema } from './shared-schemas';

/** Something the user alone owns or manages, and who could take it over (known only for what this computer sees). */
const soleSchema = z.object({
  id: idSchema,
  name: z.string(),
  /** Permission ids (items) or membership ids (groups) that can be promoted, with whose they are. */
  candidates: z.array(z.object({ id: idSchema, name: z.string() })),
});

export const adminMethods = defineMethods('admin', {
  /** Creates the user; the server mails them their invitation. */
  'admin.invite': {
    req: z.object({
      username: z.email().max(255),
      firstName: z.string().trim().min(1).max(255),
      lastName: z.string().trim().min(1).max(255),
      role: z.enum(['user', 'admin']).default('user'),
    }),
    res: z.object({ userId: idSchema }),
  },
  /** Mails a fresh invitation link to a user who has not finished joining (Passbolt's "resend invite"). */
  'admin.resendInvitation': { req: z.object({ userId: idSchema }), res: z.null() },
  'admin.setDisabled': { req: z.object({ userId: idSchema, disabled: z.boolean() }), res: z.null() },
  /** Whether the user can be deleted as is, or which items and groups need a new owner or manager first. */
  'admin.planDelete': {
    req: z.object({ userId: idSchema }),
    res: z.object({ deletable: z.boolean(), soleOwnerOf: z.array(soleSchema), soleManagerOf: z.array(soleSchema) }),
  },
  'admin.deleteUser': {
    req: z.object({
      userId: idSchema,
      /** New owners and managers for what the user alone owns or manages. */
      transfer: z.object({
        owners: z.array(z.object({ resourceId: idSchema, permissionId: idSchema })).max(10_000).default([]),
        managers: z.array(z.object({ groupId: idSchema, membershipId: idSchema })).max(10_000).default([]),
      }).optional(),
    }),
    res: z.null(),
  },
  /** The password generator's defaults for the whole organisation. */
  'admin.passwordPolicy': { req: z.undefined(), res: generatorOptionsSchema },
  'admin.setPasswordPolicy': { req: generatorOptionsSchema, res: generatorOptionsSchema },
  /** The rules for users' own passphrases. */
  'admin.passphrasePolicy': { req: z.undefined(), res: passphrasePolicySchema },
  'admin.setPassphrasePolicy': {
    req: passphrasePolicySchema.extend({ entropyMinimum: z.number().int().min(50).max(224) }),
    res: passphrasePolicySchema,
  },
});
