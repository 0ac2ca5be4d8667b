// The `secret` domain: showing one secret field after the user asked to see it. Nothing else returns a secret.
import { z } from 'zod';
import { defineMethods } from './define';
import { idSchema } from './shared-schemas';

/** Present when a secret is unsigned or signed by someone outside the organisation: the UI must warn. */
const signatureWarningSchema = z.object({ flagged: z.boolean(), warning: z.string().max(500).optional() });

export const secretMethods = defineMethods('secret', {
  'secret.reveal': {
    req: z.object({ resourceId: idSchema, field: z.enum(['password', 'description']) }),
    res: signatureWarningSchema.extend({ value: z.string() }),
  },
});

export { signatureWarningSchema };
