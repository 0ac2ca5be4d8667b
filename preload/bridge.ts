// Builds `window.tessera` from the contract: one function per method, grouped by domain, and `on()` for the
// declared events. It receives the transport as two functions, so the same code runs in Electron's preload
// (ipcRenderer behind contextBridge) and in the e2e harness (a Playwright binding). It exposes nothing
// generic: a caller can reach only the contract's methods and events.
// First: no schema may be built before Zod's compiled parsers are turned off (zod-jitless.ts says why).
import './zod-jitless';
import {
  contract as appContract,
  events as appEvents,
  fail,
  ipcFailureSchema,
  ipcSuccessSchema,
  type EventMap,
  type IpcResult,
  type MethodMap,
  type TesseraApi,
} from '../common/ipc';

/** Sends one call to main and resolves with main's answer (an IpcResult). */
export type Invoke = (method: string, payload: unknown) => Promise<unknown>;
/** Listens to one event from main; returns the function that stops listening. */
export type Subscribe = (event: string, listener: (payload: unknown) => void) => () => void;

export interface BridgeContract {
  readonly methods: MethodMap;
  readonly events: EventMap;
}

const unreachable = 'Tessera could not reach its core process.';

/** Main's answer if it has the envelope's shape; anything else (or a rejected call) becomes INTERNAL. */
function toResult(answer: unknown): IpcResult<unknown> {
  const success = ipcSuccessSchema.safeParse(answer);
  if (success.success) return { ok: true, value: success.data.value };
  const failure = ipcFailureSchema.safeParse(answer);
  if (failure.success) return failure.data;
  return fail('INTERNAL', unreachable);
}

function methodFunction(invoke: Invoke, method: string) {
  return async (req?: unknown): Promise<IpcResult<unknown>> => {
    try {
      return toResult(await invoke(method, req));
    } catch {
      return fail('INTERNAL', unreachable);
    }
  };
}

function buildOn(subscribe: Subscribe, events: EventMap) {
  return (event: string, listener: (payload: unknown) => void): (() => void) => {
    if (typeof event !== 'string' || !Object.hasOwn(events, event)) throw new TypeError(`Unknown Tessera event "${String(event)}"`);
    if (typeof listener !== 'function') throw new TypeError('The listener must be a function');
    const schema = events[event]!;
    // Only the payload reaches the listener, never the transport's event object, and only if it fits.
    const unsubscribe = subscribe(event, (payload) => {
      const parsed = schema.safeParse(payload);
      if (parsed.success) listener(parsed.data);
    });
    let active = true;
    return () => {
      if (active) unsubscribe();
      active = false;
    };
  };
}

/** The API object for `window.tessera`, frozen all the way down. */
export function buildTesseraApi(
  invoke: Invoke,
  subscribe: Subscribe,
  bridgeContract: BridgeContract = { methods: appContract, events: appEvents },
): TesseraApi {
  const domains: Record<string, Record<string, unknown>> = {};
  for (const method of Object.keys(bridgeContract.methods)) {
    const dot = method.indexOf('.');
    const domain = method.slice(0, dot);
    const verb = method.slice(dot + 1);
    domains[domain] ??= {};
    domains[domain][verb] = methodFunction(invoke, method);
  }
  const api: Record<string, unknown> = {};
  for (const [domain, verbs] of Object.entries(domains)) api[domain] = Object.freeze(verbs);
  api.on = buildOn(subscribe, bridgeContract.events);
  return Object.freeze(api) as TesseraApi;
}
