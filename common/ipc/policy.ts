// The `policy` domain: judging a passphrase the user is choosing, while they type.
import { z } from 'zod';
import { defineMethods } from './define';
import { passphrasePolicySchema, passphraseSchema, passphraseVerdictSchema } from './shared-schemas';

export const policyMethods = defineMethods('policy', {
  /** The meter: entropy, strength and the leaked check against the given policy. Main enforces it again on submit. */
  'policy.evaluate': {
    req: z.object({ passphrase: passphraseSchema, policy: passphrasePolicySchema }),
    res: passphraseVerdictSchema,
  },
});
