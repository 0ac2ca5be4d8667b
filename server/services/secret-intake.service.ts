// Validates incoming secret rows before anything is stored: each must be an OpenPGP message encrypted to
// exactly the key of the user it is for (secret-message.ts). Users' encryption key ids come from their
// stored public keys, parsed once per key (RecipientKeyCache).
import type { ValidationErrors } from '../../common/api/error';
import { checkSecretData, RecipientKeyCache } from '../crypto/secret-message';
import type { Db } from './access.service';
import { chunks } from './access.service';

export interface SecretSubmission {
  /** Position in the request's `secrets[]`, used as the error key. */
  index: number;
  userId: string;
  data: unknown;
}

export class SecretIntakeService {
  constructor(private readonly keys: RecipientKeyCache = new RecipientKeyCache()) {}

  /** Encryption key ids of each user's current (non-deleted) key; users without one are absent. */
  async encryptionKeyIds(userIds: readonly string[], q: Db): Promise<Map<string, Set<string>>> {
    const unique = [...new Set(userIds)];
    const armored = new Map<string, string>();
    for (const part of chunks(unique)) {
      const rows = await q.selectFrom('gpgkeys').select(['user_id', 'armored_key', 'created'])
        .where('user_id', 'in', part).where('deleted', '=', 0).orderBy('created', 'asc').execute();
      // Newest key wins when a user somehow has several live ones.
      for (const r of rows) armored.set(r.user_id, r.armored_key);
    }
    const out = new Map<string, Set<string>>();
    for (const [userId, key] of armored) out.set(userId, await this.keys.encryptionKeyIds(key));
    return out;
  }

  /**
   * Checks every submission's data against its user's key. Returns Passbolt-style errors keyed by index
   * (`{"0":{"data":{"isValidOpenPGPMessage":"…"}}}`), or null when all are valid.
   */
  async check(submissions: readonly SecretSubmission[], q: Db): Promise<ValidationErrors | null> {
    const keyIds = await this.encryptionKeyIds(submissions.map((s) => s.userId), q);
    const errors: ValidationErrors = {};
    for (const s of submissions) {
      const ids = keyIds.get(s.userId);
      if (!ids || ids.size === 0) {
        errors[String(s.index)] = { user_id: { hasValidGpgkey: 'The user does not have a valid OpenPGP key to encrypt for.' } };
        continue;
      }
      const verdict = await checkSecretData(s.data, ids);
      if (!verdict.ok) errors[String(s.index)] = { data: { [verdict.rule]: verdict.message } };
    }
    return Object.keys(errors).length > 0 ? errors : null;
  }
}
