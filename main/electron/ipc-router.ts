// The only user of ipcMain. A thin shell around the Electron-free dispatcher: one handler per contract method,
// each turning Electron's event into the sender facts the dispatcher checks.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { contract, methodChannel } from '../../common/ipc';
import type { IpcDispatch, IpcSender } from './ipc-dispatch';
import { createEventPublisher, type EventPublisher } from './ipc-events';
import { APP_ORIGIN, isAppOrigin } from './security-policy';

/** The sender frame as the dispatcher sees it. A frame that is gone has no URL and is refused. */
export function senderOf(event: IpcMainInvokeEvent): IpcSender {
  const frame = event.senderFrame;
  if (!frame) return { url: undefined, isMainFrame: false };
  try {
    return { url: frame.url, isMainFrame: frame.parent === null };
  } catch {
    // Electron throws when the frame was disposed between the call and now.
    return { url: undefined, isMainFrame: false };
  }
}

/** Registers one ipcMain handler per contract method. Returns the function that removes them again. */
export function registerIpcRouter(dispatch: IpcDispatch): () => void {
  const methods = Object.keys(contract);
  for (const method of methods) {
    // Only the first argument is the request; anything else a caller sends is ignored.
    ipcMain.handle(methodChannel(method), (event, payload: unknown) => dispatch(senderOf(event), method, payload));
  }
  return () => {
    for (const method of methods) ipcMain.removeHandler(methodChannel(method));
  };
}

/** Publishes contract events to every live web contents that currently shows the app's own origin. */
export function createRendererEventPublisher(targets: () => readonly WebContents[], appOrigin = APP_ORIGIN): EventPublisher {
  return createEventPublisher((channel, payload) => {
    for (const contents of targets()) {
      if (!contents.isDestroyed() && isAppOrigin(contents.getURL(), appOrigin)) contents.send(channel, payload);
    }
  });
}
