// The `session` domain: unlocking and locking the vault. Methods arrive with the session service.
import { z } from 'zod';
import { defineEvents } from './define';

/** Why the vault was locked; the renderer words its message after it. */
export const lockReasons = ['user', 'idle', 'suspend', 'screen-lock', 'logout'] as const;

export const sessionEvents = defineEvents('session', {
  /** Main wiped decrypted material; the renderer must drop every piece of vault state it holds. */
  'session.locked': z.object({ reason: z.enum(lockReasons) }),
});
