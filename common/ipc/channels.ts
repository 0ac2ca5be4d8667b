// Electron channel names for contract methods and events. One channel per method, namespaced so nothing
// else registered on ipcMain can collide with them.
export function methodChannel(method: string): string {
  return `tessera:${method}`;
}

export function eventChannel(event: string): string {
  return `tessera-event:${event}`;
}
