// Public keys of the users a secret must be encrypted for, checked against the pinned fingerprints before any
// encryption happens (a changed key refuses the whole operation: security requirement 15).
import { DomainError } from '../../common/ipc';
import type { UserDto } from '../api/schemas';
import type { EncryptionMaterial } from '../crypto/encryption-material';
import type { OpenPgpService } from '../crypto/openpgp.service';
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
): Promise<Recipient[]> {
  const server = new Map(fromServer.map((u) => [u.id, u]));
  const recipients = await Promise.all(userIds.map(async (userId): Promise<Recipient> => {
    const cached = vault.users.get(userId);
    const dto = server.get(userId);
    const armoredKey = dto?.gpgkey && !dto.gpgkey.deleted ? dto.gpgkey.armored_key : cached?.armoredKey;
    const username = dto?.username ?? cached?.username ?? userId;
    if (!armoredKey) throw new DomainError('NOT_FOUND', `${username} has no usable public key yet.`);
    // Fingerprint and material always come from the same armored key: the cached pair only when the key is the
    // cached one, else both from a fresh parse. The fingerprint is then checked against the pin below.
    if (cached?.armoredKey === armoredKey && cached.fingerprint) {
      return { userId, username, armoredKey, fingerprint: cached.fingerprint, encryption: cached.encryption ?? null };
    }
    const info = await crypto.readKeyInfo(armoredKey).catch(() => {
      throw new DomainError('SERVER_REJECTED', `The public key the server has for ${username} cannot be read.`);
    });
    return { userId, username, armoredKey, fingerprint: info.fingerprint, encryption: info.encryption ?? null };
  }));
  vault.trust.assertRecipients(recipients.map((r) => ({ userId: r.userId, fingerprint: r.fingerprint, username: r.username })));
  return recipients;
}
