// The system tray (where the desktop has one): Quick search, Open Tessera, Sync now, Lock, Quit, and an icon that
// shows whether the vault is open. Glue only: the actions are the caller's.
import { Menu, nativeImage, Tray, type NativeImage } from 'electron';
import { TRAY_ICONS } from './tray-icons';

export interface TrayActions {
  quickSearch(): void;
  openWindow(): void;
  syncNow(): void;
  lock(): void;
  quit(): void;
}

export interface AppTray {
  setLocked(locked: boolean): void;
  /** The first item names the shortcut that opens quick search, so it follows Settings. */
  setQuickSearchLabel(label: string): void;
  dispose(): void;
}

function icon(kind: keyof typeof TRAY_ICONS): NativeImage {
  const image = nativeImage.createFromDataURL(`data:image/png;base64,${TRAY_ICONS[kind].x1}`);
  image.addRepresentation({ scaleFactor: 2, dataURL: `data:image/png;base64,${TRAY_ICONS[kind].x2}` });
  return image;
}

/** Undefined where the desktop has no tray (some Linux desktops): the window and the shortcut still work. */
export function createAppTray(actions: TrayActions, quickSearchLabel: string): AppTray | undefined {
  let tray: Tray;
  try {
    tray = new Tray(icon('locked'));
  } catch {
    return undefined;
  }
  let locked = true;
  let label = quickSearchLabel;
  const menu = () => Menu.buildFromTemplate([
    { label, click: actions.quickSearch },
    { label: 'Open Tessera', click: actions.openWindow },
    { type: 'separator' },
    { label: 'Sync now', click: actions.syncNow, enabled: !locked },
    { label: 'Lock', click: actions.lock, enabled: !locked },
    { type: 'separator' },
    { label: 'Quit Tessera', click: actions.quit },
  ]);
  const show = () => {
    tray.setImage(icon(locked ? 'locked' : 'unlocked'));
    tray.setToolTip(locked ? 'Tessera (locked)' : 'Tessera');
    tray.setContextMenu(menu());
  };
  show();
  // A left click opens quick search on desktops that report it (Windows, macOS); Linux shows the menu.
  tray.on('click', actions.quickSearch);
  return {
    setLocked: (value) => {
      locked = value;
      show();
    },
    setQuickSearchLabel: (value) => {
      label = value;
      show();
    },
    dispose: () => tray.destroy(),
  };
}
