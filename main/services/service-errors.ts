// Turns what the layers below throw into the DomainError the IPC layer passes to the UI, with a message
// written for the user. Nothing here may put a secret into a message.
import { DomainError } from '../../common/ipc';
import { ApiBadResponseError, ApiHttpError, ApiSessionExpiredError, ApiUnavailableError, CancelledError } from '../api/api-errors';
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
  if (error instanceof ApiBadResponseError) {
    return new DomainError('BAD_RESPONSE', /larger than/.test(error.message)
      ? 'The server sent a far larger answer than Tessera accepts, so it was not read. If this keeps happening, tell your administrator.'
      : 'The server sent an answer Tessera cannot use (not what the protocol allows), so it was ignored. If this keeps happening, tell your administrator.');
  }
  if (error instanceof WrongPassphraseError) return new DomainError('WRONG_PASSPHRASE', 'The passphrase is incorrect.');
  if (error instanceof KeyWipedError) return new DomainError('VAULT_LOCKED', 'The vault is locked.');
  if (error instanceof ApiHttpError) {
    const said = serverText(error.message);
    if (error.status === 403) return new DomainError('PERMISSION_DENIED', said || 'You are not allowed to do this.');
    if (error.status === 404) return new DomainError('NOT_FOUND', said || 'It no longer exists or you no longer have access.');
    if (error.status === 409) return new DomainError('CONFLICT', said || 'This changed on the server meanwhile; sync and try again.');
    if (error.status >= 400 && error.status < 500) return new DomainError('SERVER_REJECTED', serverText(describeRejection(error)) || `The server refused the request (${error.status}).`);
    return new DomainError('SERVER_REJECTED', `The server failed (${error.status}); try again later.${said ? ` It said: ${said}` : ''}`);
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

/**
 * Words the server chose, as the app shows them: one line, no control characters, short. A server's message is its
 * own text, not the app's, so a hostile one cannot fill the window with a page of instructions.
 */
export function serverText(message: string): string {
  // eslint-disable-next-line no-control-regex
  const line = message.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
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
