// Schemas several domains share. Every string that crosses the boundary has a bound, so a hostile or buggy
// caller cannot make main allocate without limit.
import { z } from 'zod';

/** Ids are UUIDs everywhere (accounts, users, groups, resources). */
export const idSchema = z.uuid();

/** A passphrase the user typed. Bounded well above any real passphrase. */
export const passphraseSchema = z.string().min(1).max(1024);

/** An http(s) address of a Tessera or Passbolt server. */
export const serverUrlSchema = z.string().trim().min(1).max(2048);

export const permissionTypeSchema = z.union([z.literal(1), z.literal(7), z.literal(15)]);

/** The organisation's passphrase policy, as the meter shows it. */
export const passphrasePolicySchema = z.object({
  /** Bits of entropy a new passphrase needs. */
  entropyMinimum: z.number().min(0).max(512),
  /** Whether a new passphrase is checked against leaked-passphrase lists (only a hash prefix leaves the machine). */
  externalDictionaryCheck: z.boolean(),
});
export type PassphrasePolicyView = z.infer<typeof passphrasePolicySchema>;

export const strengthLevels = ['not-available', 'very-weak', 'weak', 'fair', 'strong', 'very-strong'] as const;

/** A verdict on a passphrase: entropy, strength, the leaked check, and whether the policy lets it through. */
export const passphraseVerdictSchema = z.object({
  entropy: z.number().min(0),
  strength: z.enum(strengthLevels),
  entropyMinimum: z.number().min(0),
  meetsEntropyMinimum: z.boolean(),
  dictionary: z.enum(['not-checked', 'not-found', 'leaked', 'unavailable']),
  leakCount: z.number().int().nonnegative().optional(),
  /** False when a problem blocks the passphrase. */
  allowed: z.boolean(),
  problems: z.array(z.object({
    code: z.enum(['entropy-too-low', 'leaked', 'dictionary-unavailable']),
    severity: z.enum(['block', 'warning', 'recommendation']),
    message: z.string().max(1000),
  })).max(10),
});
export type PassphraseVerdict = z.infer<typeof passphraseVerdictSchema>;
