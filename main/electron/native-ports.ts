// The desktop ports the IPC handlers need, over Electron: a native save dialog for recovery kits, and the OS
// browser for http(s) addresses.
import { writeFile } from 'node:fs/promises';
import { BrowserWindow, dialog } from 'electron';
import type { OpenExternalPort, SaveFilePort } from './ipc-handlers';
import { openExternal } from './security';

export function nativeSaveFile(): SaveFilePort {
  return {
    async save(suggestedName, contents) {
      const owner = BrowserWindow.getFocusedWindow();
      const options = { title: 'Save your Tessera recovery kit', defaultPath: suggestedName, filters: [{ name: 'Recovery kit', extensions: ['asc'] }] };
      const choice = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return { saved: false };
      // Readable by the user only: the kit is passphrase-protected, but nobody else needs to copy it.
      await writeFile(choice.filePath, contents, { mode: 0o600 });
      return { saved: true, path: choice.filePath };
    },
  };
}

export const nativeOpenExternal: OpenExternalPort = async (url) => {
  if (!(await openExternal(url))) throw new Error('refused a non-http(s) address');
};
