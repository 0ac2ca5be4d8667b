// The IPC contract: every method the renderer may call and every event main may send, merged from one file
// per domain. Adding a domain = adding `common/ipc/<domain>.ts` and one line in each map below.
import { appMethods } from './app';
import { sessionEvents } from './session';
import { syncEvents } from './sync';
import { vaultEvents } from './vault';

export const contract = Object.freeze({
  ...appMethods,
});

export const events = Object.freeze({
  ...sessionEvents,
  ...syncEvents,
  ...vaultEvents,
});

export type Contract = typeof contract;
export type Events = typeof events;
export type MethodName = keyof Contract & string;
export type EventName = keyof Events & string;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

export * from './errors';
export * from './result';
export * from './channels';
export type { MethodSpec, MethodMap, EventMap } from './define';
export type * from './api';
export { appInfoSchema, type AppInfo } from './app';
export { lockReasons } from './session';
export { syncPhases } from './sync';
