// The core of the IPC router, free of Electron so it runs under Node tests and in the e2e harness:
// check the sender, parse the request with the contract, call the handler, check the response, and answer
// with the result envelope. Nothing thrown inside ever reaches the caller: no message, no stack.
import type { z } from 'zod';
import { contract as appContract, fail, isDomainError, ok, type IpcResult, type MethodMap } from '../../common/ipc';
import { APP_ORIGIN, isAppOrigin } from './security-policy';

/** What the router knows about the frame a call came from. */
export interface IpcSender {
  /** The frame's URL; undefined when Electron no longer knows the frame (it navigated away or died). */
  readonly url: string | undefined;
  /** False for iframes. Only the app's own top-level document may call. */
  readonly isMainFrame: boolean;
}

/** One handler per method of a contract, taking the parsed request and returning the response. */
export type IpcHandlers<C extends MethodMap> = {
  readonly [M in keyof C]: (req: z.output<C[M]['req']>) => z.input<C[M]['res']> | Promise<z.input<C[M]['res']>>;
};

export type IpcDispatch = (sender: IpcSender, method: unknown, payload: unknown) => Promise<IpcResult<unknown>>;

export interface IpcDispatcherOptions<C extends MethodMap> {
  readonly contract: C;
  readonly handlers: IpcHandlers<C>;
  /** The only origin allowed to call. */
  readonly appOrigin?: string;
  /**
   * Told about failures that the caller only sees as INTERNAL, so they can be investigated. Receives the
   * method name and the error; it must not log request payloads (they may hold a passphrase).
   */
  readonly onInternalError?: (method: string, error: unknown) => void;
}

const MAX_ISSUES_IN_MESSAGE = 5;

/** Names what was wrong with a payload (paths and zod's wording), never echoing the values themselves. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, MAX_ISSUES_IN_MESSAGE)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(request)'}: ${issue.message}`)
    .join('; ');
}

export function createIpcDispatcher<C extends MethodMap>(options: IpcDispatcherOptions<C>): IpcDispatch {
  const { contract, handlers } = options;
  const appOrigin = options.appOrigin ?? APP_ORIGIN;
  const onInternalError = options.onInternalError;
  // A failing logger must not turn into a rejected call: Electron would send its message to the renderer.
  const report = (method: string, error: unknown) => {
    try {
      onInternalError?.(method, error);
    } catch {
      // Nothing better to do; the caller still gets INTERNAL.
    }
  };

  return async function dispatch(sender, method, payload) {
    if (!sender.isMainFrame || !isAppOrigin(sender.url, appOrigin)) {
      return fail('INVALID_SENDER', 'Calls are accepted only from the app window.');
    }
    // Own properties only: "toString" or "__proto__" are not methods.
    if (typeof method !== 'string' || !Object.hasOwn(contract, method) || !Object.hasOwn(handlers, method)) {
      return fail('UNKNOWN_METHOD', 'No such method.');
    }
    const spec = contract[method]!;
    const request = spec.req.safeParse(payload);
    if (!request.success) {
      return fail('INVALID_PAYLOAD', `Invalid request for ${method}: ${describeIssues(request.error)}`);
    }

    let value: unknown;
    try {
      value = await (handlers[method] as (req: unknown) => unknown)(request.data);
    } catch (error) {
      if (isDomainError(error)) return fail(error.code, error.message);
      report(method, error);
      return fail('INTERNAL', 'Something went wrong in Tessera. Try again.');
    }

    // Parsing also strips any field the contract does not declare, so nothing extra leaks to the renderer.
    const response = spec.res.safeParse(value);
    if (!response.success) {
      report(method, new Error(`Response of ${method} broke the contract: ${describeIssues(response.error)}`));
      return fail('INTERNAL', 'Something went wrong in Tessera. Try again.');
    }
    return ok(response.data);
  };
}

/** The handler map the app's real contract needs; a missing or extra handler is a compile error. */
export type AppIpcHandlers = IpcHandlers<typeof appContract>;
