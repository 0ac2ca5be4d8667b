// The `sync` domain: bringing the local cache up to date with the server.
import { z } from 'zod';
import { defineEvents, defineMethods } from './define';

export const syncPhases = ['fetching', 'decrypting', 'saving', 'done'] as const;

/** What the status bar shows. */
export const syncStatusSchema = z.object({
  state: z.enum(['idle', 'syncing', 'offline', 'error']),
  /** Unix ms of the last successful sync on this computer. */
  lastSync: z.number().int().nonnegative().nullable(),
  /** A sentence for the user when state is 'error' or 'offline'. */
  message: z.string().max(500).optional(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const syncMethods = defineMethods('sync', {
  'sync.now': {
    req: z.object({ full: z.boolean().optional() }).optional(),
    res: z.object({ added: z.number().int(), updated: z.number().int(), removed: z.number().int(), total: z.number().int() }),
  },
  'sync.status': { req: z.undefined(), res: syncStatusSchema },
});

export const syncEvents = defineEvents('sync', {
  /** Progress of a running sync, so the UI can show a bar on a first sync of thousands of items. */
  'sync.progress': z
    .object({
      phase: z.enum(syncPhases),
      done: z.number().int().nonnegative(),
      total: z.number().int().nonnegative(),
    })
    .refine((p) => p.done <= p.total, { message: 'done cannot exceed total' }),
  /** The sync state changed (started, finished, failed, went offline). */
  'sync.status': syncStatusSchema,
});
