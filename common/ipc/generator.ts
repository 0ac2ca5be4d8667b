// The `generator` domain: a new password or passphrase under the organisation's policy, adjusted by the user.
import { z } from 'zod';
import { defineMethods } from './define';
import { strengthLevels } from './shared-schemas';

export const generatorOptionsSchema = z.object({
  kind: z.enum(['password', 'passphrase']),
  /** Characters of a password. */
  length: z.number().int().min(8).max(128),
  uppercase: z.boolean(),
  lowercase: z.boolean(),
  digits: z.boolean(),
  symbols: z.boolean(),
  /** Words of a passphrase. */
  words: z.number().int().min(4).max(40),
});
export type GeneratorOptions = z.infer<typeof generatorOptionsSchema>;

export const generatorMethods = defineMethods('generator', {
  /** Without options: the organisation's defaults. The answer says which options were used. */
  'generator.generate': {
    req: generatorOptionsSchema.partial().optional(),
    res: z.object({
      value: z.string(),
      entropy: z.number().min(0),
      strength: z.enum(strengthLevels),
      options: generatorOptionsSchema,
    }),
  },
});
