// The `bulk` domain: long operations (sharing with a large group, adding a member to a group that reaches
// thousands of items) report progress and can be cancelled. The caller names each operation with a fresh id;
// cancelling before the final request leaves the server unchanged.
import { z } from 'zod';
import { defineEvents, defineMethods } from './define';
import { idSchema } from './shared-schemas';

export const operationIdSchema = idSchema;

export const bulkMethods = defineMethods('bulk', {
  /** Cancels a running operation; `cancelled` is false when it had already finished or never existed. */
  'bulk.cancel': { req: z.object({ operationId: operationIdSchema }), res: z.object({ cancelled: z.boolean() }) },
});

export const bulkEvents = defineEvents('bulk', {
  'bulk.progress': z.object({
    operationId: operationIdSchema,
    /**
     * What is being done, for the progress line: reading what is needed (nothing counted yet), encrypting `done`
     * of `total`, or sending the result to the server.
     */
    phase: z.enum(['preparing', 'encrypting', 'sending']),
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
  }),
});
