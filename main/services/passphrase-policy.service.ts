// Checks a candidate passphrase against the organisation's user passphrase policy:
// the entropy minimum (50-224 bits) and, when the policy asks for it, the external dictionary check over the
// k-anonymity range API (only the first 5 hex characters of the SHA-1 ever leave the machine).
//
//   const policyService = new PassphrasePolicyService({ rangeApiBaseUrl: 'https://api.pwnedpasswords.com' });
//   const verdict = await policyService.evaluate(passphrase, { entropy_minimum: 80, external_dictionary_check: true });
//   if (!verdict.allowed) showBlockers(verdict.problems);         // severity 'block'
//   else showWarnings(verdict.problems);                         // 'warning' / 'recommendation'
//   // Signing in with an existing key: never blocks, only recommends.
//   await policyService.evaluate(passphrase, policy, 'existing-key');
//
// Outcomes, as Passbolt documents them:
//   - new passphrase below the minimum entropy        -> block
//   - new passphrase found in the dictionary (leaked) -> block when the policy requires the check
//   - dictionary service unreachable / failing        -> warning, not blocked
//   - existing key being imported                     -> every finding is a recommendation; never blocked
import { createHash } from 'node:crypto';
import { USER_PASSPHRASE_POLICY_DEFAULTS, type UserPassphrasePoliciesDto } from '../../common/api/policies';
import { passphraseEntropy, strengthOf, type StrengthLevel } from '../../common/passphrase/entropy';

export type PassphrasePolicy = Pick<UserPassphrasePoliciesDto, 'entropy_minimum' | 'external_dictionary_check'>;

/** 'new-passphrase': setup or change passphrase. 'existing-key': importing/signing in with a key that already has one. */
export type PassphraseContext = 'new-passphrase' | 'existing-key';

export type DictionaryResult = 'not-checked' | 'not-found' | 'leaked' | 'unavailable';

export interface PassphraseProblem {
  code: 'entropy-too-low' | 'leaked' | 'dictionary-unavailable';
  severity: 'block' | 'warning' | 'recommendation';
  message: string;
}

export interface PassphraseEvaluation {
  entropy: number;
  strength: StrengthLevel;
  entropyMinimum: number;
  meetsEntropyMinimum: boolean;
  dictionary: DictionaryResult;
  /** How many breaches the dictionary reports (when leaked). */
  leakCount?: number;
  /** False when a problem blocks the passphrase. */
  allowed: boolean;
  problems: PassphraseProblem[];
}

export interface PassphrasePolicyServiceOptions {
  /** Base URL of a k-anonymity range API (`GET {base}/range/{5 hex}`). Default: the public Pwned Passwords API. */
  rangeApiBaseUrl?: string;
  /**
   * Instead of a fixed base: the whole address the prefix is appended to (`GET {rangeUrl}{5 hex}`), asked before
   * every check so that a setting (an organisation's own mirror) applies as soon as it changes.
   */
  rangeUrl?: () => string;
  /** Give up on the dictionary after this long (then: warning, not blocked). Default 5 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export const DEFAULT_RANGE_API_BASE_URL = 'https://api.pwnedpasswords.com';

/** The dictionary could not answer (network error, timeout, unexpected status or body). */
export class DictionaryUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DictionaryUnavailableError';
  }
}

export class PassphrasePolicyService {
  readonly #rangeUrl: () => string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(options: PassphrasePolicyServiceOptions = {}) {
    const base = `${(options.rangeApiBaseUrl ?? DEFAULT_RANGE_API_BASE_URL).replace(/\/+$/, '')}/range/`;
    this.#rangeUrl = options.rangeUrl ?? (() => base);
    this.#timeoutMs = options.timeoutMs ?? 5000;
    this.#fetch = options.fetch ?? fetch;
  }

  /**
   * How many times the passphrase appears in the dictionary (0 = not found). Sends only the 5-character SHA-1
   * prefix; the suffix is compared locally. Throws DictionaryUnavailableError when the service cannot answer.
   */
  async leakCount(passphrase: string, signal?: AbortSignal): Promise<number> {
    const hash = createHash('sha1').update(passphrase, 'utf8').digest('hex').toUpperCase();
    const prefix = hash.slice(0, 5);
    const suffix = hash.slice(5);
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    let body: string;
    try {
      const rangeUrl = this.#rangeUrl();
      const response = await this.#fetch(`${rangeUrl.endsWith('/') ? rangeUrl : `${rangeUrl}/`}${prefix}`, {
        // Padding makes every answer a similar size, so the response length does not hint at the prefix.
        headers: { 'Add-Padding': 'true' },
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      if (!response.ok) throw new DictionaryUnavailableError(`The dictionary service answered HTTP ${response.status}.`);
      body = await response.text();
    } catch (err) {
      if (signal?.aborted) throw err;
      if (err instanceof DictionaryUnavailableError) throw err;
      throw new DictionaryUnavailableError('The dictionary service could not be reached.', { cause: err });
    }
    return countFor(body, suffix);
  }

  /** Evaluates a passphrase against the policy (defaults: 50 bits, dictionary check on). */
  async evaluate(
    passphrase: string,
    policy: PassphrasePolicy = USER_PASSPHRASE_POLICY_DEFAULTS,
    context: PassphraseContext = 'new-passphrase',
    signal?: AbortSignal,
  ): Promise<PassphraseEvaluation> {
    const entropy = passphraseEntropy(passphrase);
    const meetsEntropyMinimum = entropy >= policy.entropy_minimum;
    const enforce = context === 'new-passphrase';
    const problems: PassphraseProblem[] = [];
    if (!meetsEntropyMinimum) {
      problems.push({
        code: 'entropy-too-low', severity: enforce ? 'block' : 'recommendation',
        message: `The passphrase should have at least ${policy.entropy_minimum} bits of entropy (it has ${Math.floor(entropy)}).`,
      });
    }
    let dictionary: DictionaryResult = 'not-checked';
    let leakCount: number | undefined;
    if (policy.external_dictionary_check && passphrase.length > 0) {
      try {
        leakCount = await this.leakCount(passphrase, signal);
        dictionary = leakCount > 0 ? 'leaked' : 'not-found';
      } catch (err) {
        if (!(err instanceof DictionaryUnavailableError)) throw err;
        dictionary = 'unavailable';
      }
    }
    if (dictionary === 'leaked') {
      problems.push({
        code: 'leaked', severity: enforce ? 'block' : 'recommendation',
        message: 'The passphrase is part of an exposed data breach; choose another one.',
      });
    } else if (dictionary === 'unavailable') {
      problems.push({
        code: 'dictionary-unavailable', severity: enforce ? 'warning' : 'recommendation',
        message: 'The passphrase could not be checked against the dictionary of exposed passwords.',
      });
    }
    return {
      entropy, strength: strengthOf(entropy), entropyMinimum: policy.entropy_minimum, meetsEntropyMinimum,
      dictionary, ...(leakCount !== undefined && leakCount > 0 ? { leakCount } : {}),
      allowed: !problems.some((p) => p.severity === 'block'), problems,
    };
  }
}

/** Finds `suffix` in a range answer (`SUFFIX:COUNT` lines; padded entries have count 0). */
function countFor(body: string, suffix: string): number {
  for (const line of body.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    if (line.slice(0, colon).trim().toUpperCase() !== suffix) continue;
    const count = Number.parseInt(line.slice(colon + 1).trim(), 10);
    if (!Number.isFinite(count) || count < 0) throw new DictionaryUnavailableError('The dictionary service sent an unreadable answer.');
    return count;
  }
  return 0;
}
