// The `session` domain: unlocking and locking the vault of one account.
import { z } from 'zod';
import { defineEvents, defineMethods } from './define';
import { idSchema, passphraseSchema } from './shared-schemas';

/** Why the vault was locked; the renderer words its message after it. */
export const lockReasons = ['user', 'idle', 'suspend', 'screen-lock', 'logout'] as const;

/** The longest "remember my passphrase" the app offers, whatever the organisation allows. */
export const MAX_REMEMBER_MS = 7 * 24 * 60 * 60_000;

export const sessionStatusSchema = z.object({
  locked: z.boolean(),
  /** The unlocked account, when unlocked. */
  accountId: idSchema.optional(),
  userId: idSchema.optional(),
  /** The server could not be reached: the vault is read-only until it can. */
  offline: z.boolean().optional(),
  /** Whether this computer can remember a passphrase (an OS keychain is reachable). */
  rememberAvailable: z.boolean(),
  /** Idle time before the vault locks itself; 0 means never. */
  idleLockMs: z.number().int().nonnegative(),
});
export type SessionStatus = z.infer<typeof sessionStatusSchema>;

export const unlockResultSchema = z.object({
  accountId: idSchema,
  userId: idSchema,
  offline: z.boolean(),
  resourceCount: z.number().int().nonnegative(),
});

export const sessionMethods = defineMethods('session', {
  'session.status': { req: z.undefined(), res: sessionStatusSchema },
  'session.unlock': {
    req: z.object({
      accountId: idSchema,
      passphrase: passphraseSchema,
      /** Keep the passphrase in the OS keychain this long; absent or 0: do not remember. */
      rememberForMs: z.number().int().min(0).max(MAX_REMEMBER_MS).optional(),
    }),
    res: unlockResultSchema,
  },
  /** Unlocks with a passphrase remembered earlier; VAULT_LOCKED when none is remembered or it expired. */
  'session.unlockRemembered': { req: z.object({ accountId: idSchema }), res: unlockResultSchema },
  /** When a remembered passphrase expires, if one is remembered for this account. */
  'session.remembered': { req: z.object({ accountId: idSchema }), res: z.object({ until: z.number().int().nonnegative().nullable() }) },
  'session.lock': { req: z.undefined(), res: z.null() },
  /** Lock, and forget a remembered passphrase. */
  'session.logout': { req: z.undefined(), res: z.null() },
  /** The user is active in the window: restarts the idle countdown. */
  'session.touch': { req: z.undefined(), res: z.null() },
});

export const sessionEvents = defineEvents('session', {
  /** Main wiped decrypted material; the renderer must drop every piece of vault state it holds. */
  'session.locked': z.object({ reason: z.enum(lockReasons) }),
  /** The vault opened, in this window or another (the quick-access window, say): leave the unlock screen. */
  'session.unlocked': z.object({ accountId: idSchema }),
});
