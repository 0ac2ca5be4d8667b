// The cleartext format of a secret per resource type: `password-and-description`
// holds `{"password","description"}` JSON (the description lives only in the secret), `password-string` the raw
// password (the description stays in the metadata).
import { DomainError } from '../../common/ipc';

export const RESOURCE_TYPE_IDS = {
  'password-string': '669f8c64-242a-59fb-92fc-81f660975fd3',
  'password-and-description': 'a28a04cd-6f53-518a-967c-9963bf9cec51',
} as const;

export interface SecretContent {
  password: string;
  description: string | null;
}

/** The slug of a known v4 type, or undefined. */
export function slugOf(resourceTypeId: string): keyof typeof RESOURCE_TYPE_IDS | undefined {
  for (const [slug, id] of Object.entries(RESOURCE_TYPE_IDS)) if (id === resourceTypeId) return slug as keyof typeof RESOURCE_TYPE_IDS;
  return undefined;
}

export function serializeSecret(resourceTypeId: string, content: SecretContent): string {
  if (content.password.length > 4096) throw new DomainError('POLICY_VIOLATION', 'A password can be at most 4096 characters.');
  if (slugOf(resourceTypeId) === 'password-string') return content.password;
  if ((content.description?.length ?? 0) > 10_000) throw new DomainError('POLICY_VIOLATION', 'A description can be at most 10,000 characters.');
  return JSON.stringify({ password: content.password, description: content.description ?? '' });
}

export function parseSecret(resourceTypeId: string, text: string, metadataDescription: string | null): SecretContent {
  if (slugOf(resourceTypeId) === 'password-string') return { password: text, description: metadataDescription };
  try {
    const parsed = JSON.parse(text) as { password?: unknown; description?: unknown };
    if (typeof parsed === 'object' && parsed !== null && typeof parsed.password === 'string') {
      return { password: parsed.password, description: typeof parsed.description === 'string' ? parsed.description : null };
    }
  } catch {
    // Not JSON: a password-string secret under another type id (older data); treat the text as the password.
  }
  return { password: text, description: metadataDescription };
}

/** Whether the description belongs in the metadata (true) or in the secret (false) for this type. */
export function descriptionInMetadata(resourceTypeId: string): boolean {
  return slugOf(resourceTypeId) === 'password-string';
}

/** A secret about to be passed on or carried over is not validly signed by a member of the organisation. */
export function unsignedSourceError(signature: string): DomainError {
  const why = signature === 'unsigned' ? 'is not signed' : signature === 'invalid' ? 'has a signature that does not verify' : 'is signed by someone outside your organisation';
  return new DomainError('SERVER_REJECTED', `Your copy of this secret ${why} (it may have been tampered with), so it was not passed on; nothing was changed.`);
}
