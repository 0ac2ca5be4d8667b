// Calls into main, and the sentence a person reads when one fails. The renderer branches on an error's code; it
// never shows the code, a stack, or a message written for developers.
import type { IpcError, IpcResult } from '../../common/ipc';

export class CallFailed extends Error {
  override readonly name = 'CallFailed';
  constructor(readonly error: IpcError) {
    super(error.message);
  }
}

/** The value of a call, or a CallFailed carrying main's code and message. */
export async function call<T>(pending: Promise<IpcResult<T>>): Promise<T> {
  const result = await pending;
  if (result.ok) return result.value;
  throw new CallFailed(result.error);
}

export function codeOf(error: unknown): IpcError['code'] | undefined {
  return error instanceof CallFailed ? error.error.code : undefined;
}

const generic = 'Something went wrong inside Tessera. Try again; if it keeps happening, restart the app.';

/** Words for a failure: main's own message for the errors services raise on purpose, a plain sentence otherwise. */
export function sentence(error: unknown): string {
  if (!(error instanceof CallFailed)) return generic;
  const { code, message } = error.error;
  switch (code) {
    case 'INTERNAL':
    case 'INVALID_PAYLOAD':
    case 'INVALID_SENDER':
    case 'UNKNOWN_METHOD':
      return generic;
    case 'WRONG_PASSPHRASE':
      return 'That passphrase did not unlock this account. Check it and try again.';
    case 'VAULT_LOCKED':
      return 'The vault is locked. Unlock it and try again.';
    case 'NETWORK_UNAVAILABLE':
      return 'The server could not be reached. Check your connection and try again.';
    default:
      return readable(message) ?? generic;
  }
}

/** A message fit to show: a sentence, not a code or something that looks like a stack or an object. */
function readable(message: string): string | undefined {
  const text = message.trim();
  if (text === '' || /^[A-Z_]+$/.test(text) || /\bat .+:\d+:\d+/.test(text) || /undefined|\[object /.test(text)) return undefined;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
