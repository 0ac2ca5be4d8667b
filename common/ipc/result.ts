// The envelope every IPC call answers with: a value, or a stable error code and a message. Never a stack.
import { z } from 'zod';
import { ipcErrorCodes, type IpcErrorCode } from './errors';

export interface IpcError {
  readonly code: IpcErrorCode;
  readonly message: string;
}

export type IpcResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

export function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

export function fail(code: IpcErrorCode, message: string): IpcResult<never> {
  return { ok: false, error: { code, message } };
}

/** The failure half of the envelope, for checking an answer that crossed a process boundary. */
export const ipcFailureSchema = z.object({
  ok: z.literal(false),
  error: z.object({ code: z.enum(ipcErrorCodes as [IpcErrorCode, ...IpcErrorCode[]]), message: z.string() }),
});

/** The success half; the value itself is checked by the method's response schema in main. */
export const ipcSuccessSchema = z.object({ ok: z.literal(true), value: z.unknown() });
