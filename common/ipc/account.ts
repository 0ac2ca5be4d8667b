// The `account` domain: the accounts set up on this computer. Joining from an invitation, signing in with a
// recovery kit, saving the kit, changing the passphrase, removing an account. No method ever answers with a
// private key: recovery kits are written to disk by main, through a save dialog.
import { z } from 'zod';
import { defineEvents, defineMethods } from './define';
import { idSchema, passphrasePolicySchema, passphraseSchema, passphraseVerdictSchema, serverUrlSchema } from './shared-schemas';

export const accountSchema = z.object({
  id: idSchema,
  serverUrl: z.string().max(2048),
  userId: idSchema,
  username: z.string().max(255),
  firstName: z.string().max(255),
  lastName: z.string().max(255),
});
export type AccountView = z.infer<typeof accountSchema>;

const invitationLinkSchema = z.string().trim().min(1).max(4096);

/** Where a recovery kit went: the user may cancel the save dialog. */
export const savedFileSchema = z.object({
  saved: z.boolean(),
  /** Shown so the user knows where to find it; absent when cancelled. */
  path: z.string().max(4096).optional(),
});

export const accountMethods = defineMethods('account', {
  'account.list': { req: z.undefined(), res: z.object({ accounts: z.array(accountSchema) }) },
  /** Reads an invitation: who is invited, on which server, its key's fingerprint, and the passphrase policy. */
  'account.previewJoin': {
    req: z.object({ invitationLink: invitationLinkSchema }),
    res: z.object({
      serverUrl: z.string().max(2048),
      userId: idSchema,
      username: z.string().max(255),
      firstName: z.string().max(255),
      lastName: z.string().max(255),
      serverFingerprint: z.string().max(128),
      passphrasePolicy: passphrasePolicySchema,
    }),
  },
  /**
   * Completes the invitation with a new key pair protected by the passphrase. Main keeps the recovery kit until
   * `account.saveRecoveryKit` writes it (or the app quits); it never crosses to the renderer.
   */
  'account.join': {
    req: z.object({ invitationLink: invitationLinkSchema, passphrase: passphraseSchema }),
    res: z.object({ account: accountSchema, fingerprint: z.string().max(128), verdict: passphraseVerdictSchema }),
  },
  /** Opens a save dialog for the recovery kit made by the last join of this account. */
  'account.saveRecoveryKit': { req: z.object({ accountId: idSchema }), res: savedFileSchema },
  /** Signs in on this computer with an existing private key (a recovery kit or a Passbolt key file). */
  'account.importKit': {
    req: z.object({
      serverUrl: serverUrlSchema,
      /** The armored key file the user picked; main keeps only the account's sealed copy. */
      armoredPrivateKey: z.string().min(1).max(65_536),
      passphrase: passphraseSchema,
      /** Only for a key file that does not name its account. */
      userId: idSchema.optional(),
    }),
    res: z.object({ account: accountSchema, verdict: passphraseVerdictSchema.optional() }),
  },
  /** Writes the account's recovery kit again, through a save dialog. Asks for the passphrase. */
  'account.exportKit': { req: z.object({ accountId: idSchema, passphrase: passphraseSchema }), res: savedFileSchema },
  'account.changePassphrase': {
    req: z.object({ accountId: idSchema, oldPassphrase: passphraseSchema, newPassphrase: passphraseSchema }),
    res: z.object({ verdict: passphraseVerdictSchema }),
  },
  /** Removes the account from this computer: its cache, its device key, any remembered passphrase. */
  'account.remove': { req: z.object({ accountId: idSchema }), res: z.null() },
});

export const accountEvents = defineEvents('account', {
  /**
   * The user opened an invitation link (tessera://…) outside the app; the window shows the join flow with it.
   * The link is checked again by account.previewJoin like a pasted one.
   */
  'account.invitationOpened': z.object({ invitationLink: invitationLinkSchema }),
});
