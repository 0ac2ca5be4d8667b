// Public keys of the users a secret must be encrypted for, checked before any encryption happens: a key that changed
// since it was pinned refuses the whole operation, and so does a key seen for the first time
// for someone the user did not pick, or a key made out to another address than the person's, until the user verified it.
import { DomainError } from '../../common/ipc';
import type { UserDto } from '../api/schemas';
import type { EncryptionMaterial } from '../crypto/encryption-material';
import type { OpenPgpService } from '../crypto/openpgp.service';
import { keyEmails } from './sync.service';
import type { UnlockedVault } from './unlocked-vault';

export interface Recipient {
  userId: string;
  username: string;
  armoredKey: string;
  fingerprint: string;
  /** The validated encryption subkey of `armoredKey`, from the same parse as `fingerprint`; null: wrap from the armored key. */
  encryption: EncryptionMaterial | null;
}

/** What the worker pool takes for a recipient (crypto/worker-protocol.ts RecipientKeyInput). */
export function recipientKey(r: Recipient): { armoredKey: string; encryption: EncryptionMaterial | null } {
  return { armoredKey: r.armoredKey, encryption: r.encryption };
}

/**
 * Resolves recipients from server user records (with `gpgkey`) or, when absent there, from the synced cache.
 * Fingerprints are computed locally; a key equal to the cached one reuses its cached fingerprint and encryption material.
 */
export async function resolveRecipients(
  vault: UnlockedVault, crypto: Pick<OpenPgpService, 'readKeyInfo'>, userIds: readonly string[], fromServer: readonly UserDto[] = [],
  rules: RecipientRules = {},
): Promise<Recipient[]> {
  const server = new Map(fromServer.map((u) => [u.id, u]));
  const emails = new Map<string, string[]>();
  const recipients = await Promise.all(userIds.map(async (userId): Promise<Recipient> => {
    const cached = vault.users.get(userId);
    const dto = server.get(userId);
    const armoredKey = dto?.gpgkey && !dto.gpgkey.deleted ? dto.gpgkey.armored_key : cached?.armoredKey;
    const username = dto?.username ?? cached?.username ?? userId;
    if (!armoredKey) throw new DomainError('NOT_FOUND', `${username} has no usable public key yet.`);
    // Fingerprint and material always come from the same armored key: the cached pair only when the key is the
    // cached one, else both from a fresh parse. The fingerprint is then checked against the pin below.
    if (cached?.armoredKey === armoredKey && cached.fingerprint) {
      if (cached.keyEmails) emails.set(userId, cached.keyEmails);
      return { userId, username, armoredKey, fingerprint: cached.fingerprint, encryption: cached.encryption ?? null };
    }
    const info = await crypto.readKeyInfo(armoredKey).catch(() => {
      throw new DomainError('SERVER_REJECTED', `The public key the server has for ${username} cannot be read.`);
    });
    emails.set(userId, keyEmails(info.userIds ?? []));
    return { userId, username, armoredKey, fingerprint: info.fingerprint, encryption: info.encryption ?? null };
  }));
  const own = recipients.find((r) => r.userId === vault.userId);
  if (own && own.fingerprint !== vault.key.fingerprint) {
    throw new DomainError('KEY_CHANGED', 'The server offered another key than yours for your own copy of this secret, so nothing was encrypted.');
  }
  const chosen = new Set([...(rules.chosen ?? []), vault.userId]);
  const unseen = recipients.filter((r) => !chosen.has(r.userId) && vault.trust.userPin(r.userId) === undefined);
  if (unseen.length > 0) {
    throw new DomainError('KEY_UNTRUSTED',
      `The server asked to encrypt this secret for ${names(unseen)}, whose key Tessera has never seen, so nothing was encrypted. ` +
      'Sync, check who has access, and try again.');
  }
  vault.trust.assertRecipients(recipients.map((r) => ({ userId: r.userId, fingerprint: r.fingerprint, username: r.username })));
  const misnamed = recipients.filter((r) => {
    const addresses = emails.get(r.userId) ?? [];
    return r.username.includes('@') && addresses.length > 0 && !addresses.includes(r.username.toLowerCase())
      && !vault.trust.userKeyTrust(r.userId).verified;
  });
  if (misnamed.length > 0) {
    const list = misnamed.map((r) => `${r.username} (the key says ${(emails.get(r.userId) ?? []).join(', ')})`);
    throw new DomainError('KEY_UNTRUSTED',
      `The key the server has for ${list.join('; ')} is made out to someone else, so nothing was encrypted. ` +
      'Compare the fingerprint with the person and mark it verified before sharing with them.');
  }
  return recipients;
}

/** Who may be seen for the first time in an operation; everyone else must already be pinned. */
export interface RecipientRules {
  /** The users the person picked for this operation (a share's added people, a group's new members). */
  chosen?: readonly string[];
}

function names(recipients: readonly Recipient[]): string {
  return recipients.map((r) => r.username).join(', ');
}
