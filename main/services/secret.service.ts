// Copy and reveal: fetch the caller's secret row (cache first, then the server), decrypt it with the unlocked
// key and check who signed it. A secret that is unsigned, badly signed, or signed by a key that is not one of the
// organisation's users is flagged, so the UI warns and never fills it automatically.
import { DomainError } from '../../common/ipc';
import { CryptoError } from '../crypto/errors';
import type { DecryptResult, OpenPgpService, SignatureStatus } from '../crypto/openpgp.service';
import { armorFault } from './secret-armor';
import { domainErrors } from './service-errors';
import type { SessionService } from './session.service';
import { parseSecret, type SecretContent } from './resource-secrets';
import type { UnlockedVault } from './unlocked-vault';
import type { ResourceRecord } from './vault-records';

export type SecretField = 'password' | 'description';
export type ResourceField = SecretField | 'username' | 'uri' | 'name';

export interface FieldValue {
  value: string;
  /** For secret fields: who signed the secret; metadata fields are not signed ('not-applicable'). */
  signature: SignatureStatus | 'not-applicable';
  /** True when the UI must warn and must not auto-fill. */
  flagged: boolean;
  /** The signing user, when the signature is valid. */
  signerUserId?: string;
  warning?: string;
}

export interface DecryptedSecret extends SecretContent {
  /** The decrypted cleartext as stored (re-encrypted verbatim when sharing). */
  text: string;
  signature: SignatureStatus;
  signerUserId?: string;
}

export class SecretService {
  constructor(
    private readonly session: SessionService,
    private readonly crypto: Pick<OpenPgpService, 'decryptAndVerify'>,
  ) {}

  /** One field of a resource, decrypting only for secret fields. */
  async readField(resourceId: string, field: ResourceField): Promise<FieldValue> {
    const vault = this.session.current();
    const resource = this.resource(vault, resourceId);
    if (field === 'username' || field === 'uri' || field === 'name') {
      return { value: resource[field] ?? '', signature: 'not-applicable', flagged: false };
    }
    const secret = await this.decrypt(resourceId);
    const value = field === 'password' ? secret.password : (secret.description ?? '');
    const flagged = secret.signature !== 'valid';
    return {
      value,
      signature: secret.signature,
      flagged,
      ...(secret.signerUserId ? { signerUserId: secret.signerUserId } : {}),
      ...(flagged ? { warning: signatureWarning(secret.signature) } : {}),
    };
  }

  /** Decrypts the caller's secret for a resource (cache, then server) and judges its signature. */
  async decrypt(resourceId: string): Promise<DecryptedSecret> {
    const vault = this.session.current();
    const resource = this.resource(vault, resourceId);
    const { data, fetched } = await this.secretData(vault, resource);
    const fault = armorFault(data);
    if (fault) throw unreadable(`${fault}`);
    const ring = await vault.verificationRing();
    const result: DecryptResult = await domainErrors(() => this.crypto.decryptAndVerify(data, vault.key, ring)).catch((error: unknown) => {
      throw error instanceof CryptoError ? unreadable('it does not decrypt with your key') : error;
    });
    const content = parseSecret(resource.resourceTypeId, result.text, resource.description);
    const signerUserId = result.signerFingerprint ? this.userByFingerprint(vault, result.signerFingerprint) : undefined;
    // A valid signature from a key that is no longer any user's (removed user) counts as a non-member.
    const signature: SignatureStatus = result.signature === 'valid' && !signerUserId ? 'unknown-signer' : result.signature;
    // Kept only when it decrypted and a member signed it: a damaged or forged copy must not outlive the server's
    // next, honest answer (a flagged one is fetched again at each use).
    if (fetched && signature === 'valid') vault.saveSecret({ resourceId: resource.id, data, resourceModified: resource.modified });
    return { ...content, text: result.text, signature, ...(signerUserId ? { signerUserId } : {}) };
  }

  /** The armored secret, from the cache or (`fetched`) from the server. */
  private async secretData(vault: UnlockedVault, resource: ResourceRecord): Promise<{ data: string; fetched: boolean }> {
    const cached = vault.cachedSecret(resource.id);
    if (cached && cached.resourceModified === resource.modified) return { data: cached.data, fetched: false };
    if (vault.offline) {
      if (cached) return { data: cached.data, fetched: false };
      throw new DomainError('NETWORK_UNAVAILABLE', 'You are offline and this secret has not been used on this computer yet.');
    }
    const row = await domainErrors(() => vault.api.resources.secret(resource.id));
    if (row.resource_id !== resource.id || row.user_id !== vault.userId) {
      throw new DomainError('BAD_RESPONSE', 'The server sent a secret that belongs to another item or person, so it was not used.');
    }
    return { data: row.data, fetched: true };
  }

  private resource(vault: UnlockedVault, id: string): ResourceRecord {
    const resource = vault.resources.get(id);
    if (!resource) throw new DomainError('NOT_FOUND', 'This item does not exist or is no longer shared with you.');
    return resource;
  }

  private userByFingerprint(vault: UnlockedVault, fingerprint: string): string | undefined {
    if (vault.key.fingerprint === fingerprint) return vault.userId;
    for (const u of vault.users.values()) if (u.fingerprint === fingerprint) return u.id;
    return undefined;
  }
}

function unreadable(why: string): DomainError {
  return new DomainError('SECRET_UNREADABLE',
    `This item's secret cannot be used: ${why}. It may have been damaged or tampered with on the server, or it was not ` +
    'encrypted for you. Nothing was copied; ask whoever shared it to save it again.');
}

function signatureWarning(status: SignatureStatus): string {
  switch (status) {
    case 'unsigned': return 'This secret is not signed: Tessera cannot tell who wrote it.';
    case 'invalid': return 'The signature on this secret does not verify: it may have been tampered with.';
    case 'unknown-signer': return 'This secret was signed by someone who is not a member of your organisation.';
    default: return '';
  }
}
