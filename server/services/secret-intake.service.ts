// Validates incoming secret rows before anything is stored: each must be an OpenPGP message encrypted to
// exactly the key of the user it is for (secret-message.ts). Users' encryption key ids come from their
// stored public keys, parsed once per key ever: in memory (RecipientKeyCache) and in recipient_key_ids,
// which every server process shares and which survives restarts. Both are keyed by the armored key's digest,
// which is remembered per key row.
import { randomUUID } from 'node:crypto';
import { createMessage, encrypt, generateKey, type PrivateKey, type PublicKey } from 'openpgp';
import type { ValidationErrors } from '../../common/api/error';
import { armoredKeyDigest, checkSecretData, parseEncryptionKeyIds, RecipientKeyCache } from '../crypto/secret-message';
import { BoundedCache } from '../util/bounded-cache';
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
  /**
   * Digest of each key row's armored text, by the row's id, modified time and fingerprint. This server never
   * rewrites a key row (a new key is a new row and the old one is marked deleted), and anything else that
   * rewrites one must change its modified time for clients to see the change at all; so a share with a thousand
   * recipients reads those short columns instead of a thousand armored keys (several MB with RSA keys).
   */
  private readonly digests = new BoundedCache<string, string>(20_000);

  constructor(private readonly keys: RecipientKeyCache = new RecipientKeyCache()) {}

  /** Encryption key ids of each user's current (non-deleted) key; users without one are absent. */
  async encryptionKeyIds(userIds: readonly string[], q: Db): Promise<Map<string, Set<string>>> {
    const keyRows = await this.currentKeyRows(userIds, q);
    const fetched = await this.armoredKeys([...keyRows.values()].filter((version) => !this.digests.get(version)), q);
    const digests = new Map<string, string>();
    for (const [userId, version] of keyRows) {
      let digest = this.digests.get(version);
      const armored = fetched.get(version);
      if (!digest && armored !== undefined) {
        digest = armoredKeyDigest(armored);
        this.digests.set(version, digest);
      }
      if (digest) digests.set(userId, digest);
    }
    const missing = [...new Set(digests.values())].filter((d) => !this.keys.get(d));
    for (const part of chunks(missing)) {
      const rows = await q.selectFrom('recipient_key_ids').select(['armored_sha256', 'key_ids']).where('armored_sha256', 'in', part).execute();
      for (const r of rows) this.keys.set(r.armored_sha256, new Set(r.key_ids.split(',').filter(Boolean)));
    }
    const unparsed = [...digests].filter(([, digest]) => !this.keys.get(digest)).map(([userId]) => keyRows.get(userId)!);
    const toParse = new Map([...fetched, ...await this.armoredKeys(unparsed.filter((version) => !fetched.has(version)), q)]);
    const fresh: { armored_sha256: string; key_ids: string; created: string }[] = [];
    for (const version of unparsed) {
      const armored = toParse.get(version);
      if (armored === undefined) continue;
      const digest = this.digests.get(version) ?? armoredKeyDigest(armored);
      if (this.keys.get(digest)) continue;
      // A parse already under way (a warm-up started by simulate or dry run) is awaited, not repeated.
      const running = this.parsing.get(digest);
      if (running) { this.keys.set(digest, await running); continue; }
      const parse = parseEncryptionKeyIds(armored);
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
   * The version of each user's current key row (`id|modified|fingerprint`); the newest row wins when a user
   * somehow has several live ones.
   */
  private async currentKeyRows(userIds: readonly string[], q: Db): Promise<Map<string, string>> {
    const keyRows = new Map<string, string>();
    for (const part of chunks([...new Set(userIds)])) {
      const rows = await q.selectFrom('gpgkeys').select(['id', 'user_id', 'modified', 'fingerprint', 'created'])
        .where('user_id', 'in', part).where('deleted', '=', 0).orderBy('created', 'asc').execute();
      for (const r of rows) keyRows.set(r.user_id, `${r.id}|${r.modified}|${r.fingerprint}`);
    }
    return keyRows;
  }

  /** Armored text of the given key row versions, when the row still has that version. */
  private async armoredKeys(versions: readonly string[], q: Db): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const wanted = new Set(versions);
    for (const part of chunks(versions)) {
      const rows = await q.selectFrom('gpgkeys').select(['id', 'modified', 'fingerprint', 'armored_key'])
        .where('id', 'in', part.map((v) => v.split('|')[0]!)).execute();
      for (const r of rows) {
        const version = `${r.id}|${r.modified}|${r.fingerprint}`;
        if (wanted.has(version)) out.set(version, r.armored_key);
      }
    }
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
    return this.checkAgainst(submissions, await this.encryptionKeyIds(submissions.map((s) => s.userId), q));
  }

  /** `check` with the users' encryption key ids already at hand. */
  private checkAgainst(submissions: readonly SecretSubmission[], keyIds: ReadonlyMap<string, ReadonlySet<string>>): ValidationErrors | null {
    const errors: ValidationErrors = {};
    for (const s of submissions) {
      const ids = keyIds.get(s.userId);
      if (!ids || ids.size === 0) {
        errors[String(s.index)] = { user_id: { hasValidGpgkey: 'The user does not have a valid OpenPGP key to encrypt for.' } };
        continue;
      }
      const verdict = checkSecretData(s.data, ids);
      if (!verdict.ok) errors[String(s.index)] = { data: { [verdict.rule]: verdict.message } };
    }
    return Object.keys(errors).length > 0 ? errors : null;
  }

  /**
   * Start-up self-check of secret validation, with a throwaway key pair made for it (nothing is read from or
   * written to the database): a batch of `batchSize` messages encrypted to that key must pass, and a message to
   * another key, a non-message and a valid message followed by cleartext must be refused. Besides proving the
   * OpenPGP validation works in this process, it runs the very code a large share runs, so V8 has compiled it
   * before the first real request.
   */
  async selfCheck(batchSize: number): Promise<void> {
    const [recipient, stranger] = await Promise.all([throwawayKey(), throwawayKey()]);
    const userId = 'self-check';
    const keyIds = new Map([[userId, await parseEncryptionKeyIds(recipient.publicKey.armor())]]);
    // Secrets of several sizes (a bare password up to a long description), as a real batch has.
    const good = await Promise.all(SELF_CHECK_TEXT_LENGTHS.map((n) => selfCheckMessage(recipient.publicKey, recipient.privateKey, n)));
    const toStranger = await selfCheckMessage(stranger.publicKey, recipient.privateKey, 40);
    // The batch goes through JSON text like a request body, so each item is its own parsed string as in a share.
    const data = JSON.parse(JSON.stringify(Array.from({ length: batchSize }, (_, i) => good[i % good.length]))) as string[];
    const accepted = this.checkAgainst(data.map((d, index) => ({ index, userId, data: d })), keyIds);
    const refused = this.checkAgainst([{ index: 0, userId, data: toStranger }, { index: 1, userId, data: 'not a message' },
      { index: 2, userId, data: `${good[0]!}\nthe password in clear\n` }], keyIds);
    const rules = ['0', '1', '2'].map((i) => Object.keys((refused?.[i] as { data?: object } | undefined)?.data ?? {})[0]);
    if (accepted !== null || rules.join() !== 'isEncryptedForUser,isValidOpenPGPMessage,isValidOpenPGPMessage') {
      throw new Error('start-up self-check failed: OpenPGP secrets are not validated as expected');
    }
  }
}

/** Cleartext lengths of the self-check's secrets. */
const SELF_CHECK_TEXT_LENGTHS = [20, 60, 150, 400, 1000, 3000];

function throwawayKey(): Promise<{ privateKey: PrivateKey; publicKey: PublicKey }> {
  return generateKey({ type: 'curve25519', userIDs: [{ name: 'Tessera self-check' }], format: 'object' });
}

/** A message shaped like a client's secret: JSON of about `length` characters, signed, encrypted to `to` alone. */
async function selfCheckMessage(to: PublicKey, signer: PrivateKey, length: number): Promise<string> {
  const text = JSON.stringify({ password: randomUUID(), description: 'd'.repeat(Math.max(0, length - 60)) });
  return encrypt({ message: await createMessage({ text }), encryptionKeys: to, signingKeys: signer, format: 'armored' });
}
