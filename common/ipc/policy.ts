// The `policy` domain: the organisation's passphrase policy, and judging a passphrase the user is choosing while
// they type.
import { z } from 'zod';
import { defineMethods } from './define';
import { passphrasePolicySchema, passphraseSchema, passphraseVerdictSchema } from './shared-schemas';

export const policyMethods = defineMethods('policy', {
  /**
   * The passphrase policy of the unlocked account's organisation, for the meter when changing the passphrase.
   * The defaults while offline; main applies the organisation's own again on submit.
   */
  'policy.current': { req: z.undefined(), res: passphrasePolicySchema },
  /** The meter: entropy, strength and the leaked check against the given policy. Main enforces it again on submit. */
  'policy.evaluate': {
    req: z.object({ passphrase: passphraseSchema, policy: passphrasePolicySchema }),
    res: passphraseVerdictSchema,
  },
});
