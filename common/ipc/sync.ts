// The `sync` domain: bringing the local cache up to date with the server. Methods arrive with the sync service.
import { z } from 'zod';
import { defineEvents } from './define';

export const syncPhases = ['fetching', 'decrypting', 'saving', 'done'] as const;

export const syncEvents = defineEvents('sync', {
  /** Progress of a running sync, so the UI can show a bar on a first sync of thousands of items. */
  'sync.progress': z
    .object({
      phase: z.enum(syncPhases),
      done: z.number().int().nonnegative(),
      total: z.number().int().nonnegative(),
    })
    .refine((p) => p.done <= p.total, { message: 'done cannot exceed total' }),
});
