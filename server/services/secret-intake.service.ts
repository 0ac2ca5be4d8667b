// Validates incoming secret rows before anything is stored: each must be an OpenPGP message encrypted to
// exactly the key of the user it is for (secret-message.ts). Users' encryption key ids come from their
// stored public keys, parsed once per key ever: in memory (RecipientKeyCache) and in recipient_key_ids,
// which every server process shares and which survives restarts.
import type { ValidationErrors } from '../../common/api/error';
import { armoredKeyDigest, checkSecretData, parseEncryptionKeyIds, RecipientKeyCache } from '../crypto/secret-message';
import { isoTimestamp } from '../util/clock';
import type { Db } from './access.service';
import { chunks } from './access.service';

export interface SecretSubmission {
  /** Position in the request's `secrets[]`, used as the error key. */
  index: number;
  userId: string;
  data: unknown;
}

export class SecretIntakeService {
  private readonly parsing = new Map<string, Promise<Set<string>>>();

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
    const digests = new Map([...armored].map(([userId, key]) => [userId, armoredKeyDigest(key)]));
    const missing = [...new Set(digests.values())].filter((d) => !this.keys.get(d));
    for (const part of chunks(missing)) {
      const rows = await q.selectFrom('recipient_key_ids').select(['armored_sha256', 'key_ids']).where('armored_sha256', 'in', part).execute();
      for (const r of rows) this.keys.set(r.armored_sha256, new Set(r.key_ids.split(',').filter(Boolean)));
    }
    const fresh: { armored_sha256: string; key_ids: string; created: string }[] = [];
    for (const [userId, key] of armored) {
      const digest = digests.get(userId)!;
      if (this.keys.get(digest)) continue;
      // A parse already under way (a warm-up started by simulate or dry run) is awaited, not repeated.
      const running = this.parsing.get(digest);
      if (running) { this.keys.set(digest, await running); continue; }
      const parse = parseEncryptionKeyIds(key);
      this.parsing.set(digest, parse);
      try {
        const ids = await parse;
        this.keys.set(digest, ids);
        fresh.push({ armored_sha256: digest, key_ids: [...ids].join(','), created: isoTimestamp(Date.now()) });
      } finally {
        this.parsing.delete(digest);
      }
    }
    for (const part of chunks(fresh)) {
      await q.insertInto('recipient_key_ids').values(part).onConflict((oc) => oc.column('armored_sha256').doNothing()).execute();
    }
    const out = new Map<string, Set<string>>();
    for (const [userId, digest] of digests) out.set(userId, this.keys.get(digest) ?? new Set());
    return out;
  }

  /**
   * Loads (parsing if never seen) the key ids of users who are about to be sent secrets, in the background.
   * Simulate and dry-run call it: the client then spends seconds encrypting, and the real request finds the
   * ids ready instead of parsing a thousand keys while holding the write lock. Failures only mean no warm-up.
   */
  warm(userIds: readonly string[], q: Db): void {
    if (userIds.length === 0) return;
    this.encryptionKeyIds(userIds, q).catch(() => undefined);
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
