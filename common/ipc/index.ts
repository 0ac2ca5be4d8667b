// The IPC contract: every method the renderer may call and every event main may send, merged from one file
// per domain. Adding a domain = adding `common/ipc/<domain>.ts` and one line in each map below.
import { accountEvents, accountMethods } from './account';
import { adminMethods } from './admin';
import { bulkEvents, bulkMethods } from './bulk';
import { groupsMethods } from './groups';
import { shareMethods } from './share';
import { usersMethods } from './users';
import { appMethods } from './app';
import { clipboardMethods } from './clipboard';
import { generatorMethods } from './generator';
import { policyMethods } from './policy';
import { quickEvents, quickMethods } from './quick';
import { secretMethods } from './secret';
import { settingsEvents, settingsMethods } from './settings';
import { sessionEvents, sessionMethods } from './session';
import { syncEvents, syncMethods } from './sync';
import { vaultEvents, vaultMethods } from './vault';

export const contract = Object.freeze({
  ...appMethods,
  ...accountMethods,
  ...sessionMethods,
  ...vaultMethods,
  ...secretMethods,
  ...clipboardMethods,
  ...syncMethods,
  ...generatorMethods,
  ...policyMethods,
  ...settingsMethods,
  ...quickMethods,
  ...shareMethods,
  ...groupsMethods,
  ...usersMethods,
  ...adminMethods,
  ...bulkMethods,
});

export const events = Object.freeze({
  ...accountEvents,
  ...settingsEvents,
  ...quickEvents,
  ...bulkEvents,
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
export { accountSchema, type AccountView } from './account';
export { lockReasons, MAX_REMEMBER_MS, type SessionStatus } from './session';
export { syncPhases, type SyncStatus } from './sync';
export { MAX_QUERY_WINDOW, RESOURCE_LIMITS, vaultSorts, type ResourceDetail, type ResourceRow, type VaultFilterView } from './vault';
export { copyFields } from './clipboard';
export { type GeneratorOptions } from './generator';
export { DEFAULT_SETTINGS, DEFAULT_QUICK_ACCESS_SHORTCUT, type Settings } from './settings';
export { strengthLevels, type PassphrasePolicyView, type PassphraseVerdict } from './shared-schemas';
