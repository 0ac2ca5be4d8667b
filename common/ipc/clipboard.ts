// The `clipboard` domain: main copies a field of an item and clears it again later. The renderer names the item
// and the field; the value never passes through it.
import { z } from 'zod';
import { defineMethods } from './define';
import { signatureWarningSchema } from './secret';
import { idSchema } from './shared-schemas';

export const copyFields = ['password', 'username', 'uri'] as const;

export const clipboardMethods = defineMethods('clipboard', {
  'clipboard.copy': {
    req: z.object({ resourceId: idSchema, field: z.enum(copyFields) }),
    res: signatureWarningSchema.extend({
      /** When the clipboard will be cleared, from now. */
      clearsInMs: z.number().int().nonnegative(),
      /** Where the copy could not reach a system clipboard (the dev preview without a clipboard tool), why. */
      unavailable: z.string().max(500).optional(),
    }),
  },
});
