// Stable error codes that cross the IPC boundary, and the error services throw to choose one.
// The renderer branches on `code`; `message` is for people. Codes are API: never rename one, only add.

/** Raised by the router itself, before or after a service runs. */
export const transportErrorCodes = [
  /** The call did not come from the app's own origin in a main frame. */
  'INVALID_SENDER',
  /** The request did not match the method's request schema. */
  'INVALID_PAYLOAD',
  /** No such method in the contract. */
  'UNKNOWN_METHOD',
  /** Anything unexpected: a bug, a response that broke the contract. Details stay in main's log. */
  'INTERNAL',
] as const;

/** Raised on purpose by services through `DomainError`. Add a code here when a domain needs a new one. */
export const domainErrorCodes = [
  /** The operation needs an unlocked vault. */
  'VAULT_LOCKED',
  /** The passphrase did not unlock the private key. */
  'WRONG_PASSPHRASE',
  /** The thing asked for does not exist, or the user may not know it exists. */
  'NOT_FOUND',
  /** The user lacks the permission the operation needs. */
  'PERMISSION_DENIED',
  /** The operation conflicts with the current state (e.g. an edit raced with a sync). */
  'CONFLICT',
  /** The server could not be reached. */
  'NETWORK_UNAVAILABLE',
  /** The server answered with a refusal; the message carries its reason. */
  'SERVER_REJECTED',
  /** The input is well-formed but breaks a rule (a password policy, a duplicate name...). */
  'POLICY_VIOLATION',
  /** The user cancelled a long operation before it reached the server; nothing changed there. */
  'CANCELLED',
  /** A pinned OpenPGP key (the server's or another user's) changed; the message shows both fingerprints. */
  'KEY_CHANGED',
  /** A recipient's key cannot be trusted without the user's check (never seen, or made out to another address). */
  'KEY_UNTRUSTED',
  /** The server's answer was malformed, too large or inconsistent with what the app asked; none of it was used. */
  'BAD_RESPONSE',
  /** A secret does not decrypt or is not one well-formed OpenPGP message: damaged, tampered with, or not for you. */
  'SECRET_UNREADABLE',
  /** This computer's copy of an account (its sealed device key file) is missing, unreadable or was altered. */
  'LOCAL_DATA_DAMAGED',
] as const;

export type TransportErrorCode = (typeof transportErrorCodes)[number];
export type DomainErrorCode = (typeof domainErrorCodes)[number];
export type IpcErrorCode = TransportErrorCode | DomainErrorCode;

export const ipcErrorCodes: readonly IpcErrorCode[] = [...transportErrorCodes, ...domainErrorCodes];

/**
 * The one error a service throws on purpose. Its code and message reach the renderer unchanged, so the
 * message must be written for the user and must never carry a secret. Any other thrown value becomes
 * INTERNAL with a generic message.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError && (domainErrorCodes as readonly string[]).includes(error.code);
}
