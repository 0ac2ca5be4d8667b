// Public keys of the users a secret must be encrypted for, checked against the pinned fingerprints before any
// encryption happens (a changed key refuses the whole operation: security requirement 15).
import { DomainError } from '../../common/ipc';
import type { UserDto } from '../api/schemas';
import type { OpenPgpService } from '../crypto/openpgp.service';
import type { UnlockedVault } from './unlocked-vault';

export interface Recipient {
  userId: string;
  username: string;
  armoredKey: string;
  fingerprint: string;
}

/**
 * Resolves recipients from server user records (with `gpgkey`) or, when absent there, from the synced cache.
 * Fingerprints are computed locally; a key equal to the cached one reuses its cached fingerprint.
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
    const fingerprint = cached?.armoredKey === armoredKey && cached.fingerprint
      ? cached.fingerprint
      : (await crypto.readKeyInfo(armoredKey).catch(() => {
        throw new DomainError('SERVER_REJECTED', `The public key the server has for ${username} cannot be read.`);
      })).fingerprint;
    return { userId, username, armoredKey, fingerprint };
  }));
  vault.trust.assertRecipients(recipients.map((r) => ({ userId: r.userId, fingerprint: r.fingerprint, username: r.username })));
  return recipients;
}
