// Turns what the layers below throw into the DomainError the IPC layer passes to the UI, with a message
// written for the user. Nothing here may put a secret into a message.
import { DomainError } from '../../common/ipc';
import { ApiHttpError, ApiSessionExpiredError, ApiUnavailableError, CancelledError } from '../api/api-errors';
import { KeyWipedError, WrongPassphraseError } from '../crypto/errors';

export function isAbort(error: unknown): boolean {
  return error instanceof CancelledError || (error instanceof Error && error.name === 'AbortError');
}

export function cancelledError(): DomainError {
  return new DomainError('CANCELLED', 'The operation was cancelled; nothing was changed on the server.');
}

export function offlineEditError(): DomainError {
  return new DomainError('NETWORK_UNAVAILABLE', 'You are offline: the vault is read-only until the server can be reached again.');
}

/** Maps an error from the API, crypto or a service to a DomainError; unknown errors pass through (INTERNAL). */
export function toDomainError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  if (isAbort(error)) return cancelledError();
  if (error instanceof ApiUnavailableError) return new DomainError('NETWORK_UNAVAILABLE', error.message);
  if (error instanceof ApiSessionExpiredError) return new DomainError('VAULT_LOCKED', error.message);
  if (error instanceof WrongPassphraseError) return new DomainError('WRONG_PASSPHRASE', 'The passphrase is incorrect.');
  if (error instanceof KeyWipedError) return new DomainError('VAULT_LOCKED', 'The vault is locked.');
  if (error instanceof ApiHttpError) {
    if (error.status === 403) return new DomainError('PERMISSION_DENIED', error.message || 'You are not allowed to do this.');
    if (error.status === 404) return new DomainError('NOT_FOUND', error.message || 'It no longer exists or you no longer have access.');
    if (error.status === 409) return new DomainError('CONFLICT', error.message);
    if (error.status >= 400 && error.status < 500) return new DomainError('SERVER_REJECTED', describeRejection(error));
    return new DomainError('SERVER_REJECTED', `The server failed (${error.status}): ${error.message}`);
  }
  return error;
}

/** Runs `fn` and rethrows its failure as a DomainError where one applies. */
export async function domainErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toDomainError(error);
  }
}

function describeRejection(error: ApiHttpError): string {
  const fields = error.fieldErrors;
  if (!fields) return error.message;
  const details = flatten(fields).slice(0, 3).join('; ');
  return details ? `${error.message} (${details})` : error.message;
}

function flatten(node: unknown, path: string[] = []): string[] {
  if (typeof node === 'string') return [`${path.filter((p) => !p.startsWith('_') && !/^[a-z]+[A-Z]/.test(p)).join('.')}: ${node}`];
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([k, v]) => flatten(v, [...path, k]));
}
