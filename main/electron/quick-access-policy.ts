// Decisions behind quick access, free of Electron so they are unit-tested: where the window goes, and what
// Settings says about the global shortcut (registered, turned off, taken by another application, or needing
// the desktop's confirmation on Wayland, where shortcuts go through the GlobalShortcuts portal).
import { displayAccelerator } from '../../common/accelerator';

// Shared with the renderer's Settings, so the tray and Settings name a shortcut the same way.
export { displayAccelerator };

export interface ShortcutState {
  registered: boolean;
  message?: string;
}

/** The environment facts that change how a global shortcut behaves. */
export interface ShortcutEnvironment {
  platform: NodeJS.Platform;
  /** XDG_SESSION_TYPE on Linux ('wayland', 'x11', ...). */
  sessionType?: string | undefined;
}

export function isWayland(env: ShortcutEnvironment): boolean {
  return env.platform === 'linux' && env.sessionType === 'wayland';
}

/** What Settings shows after trying to register `accelerator` (or not trying, when turned off). */
export function shortcutState(
  outcome: { enabled: false } | { enabled: true; accelerator: string; registered: boolean },
  env: ShortcutEnvironment,
): ShortcutState {
  if (!outcome.enabled) return { registered: false, message: 'The quick-access shortcut is turned off. The tray menu still opens quick search.' };
  const keys = displayAccelerator(outcome.accelerator, env.platform);
  if (!outcome.registered) {
    return isWayland(env)
      ? { registered: false, message: `Your Wayland desktop did not grant ${keys}. Bind it to Tessera in your desktop's keyboard settings, or use the tray menu.` }
      : { registered: false, message: `${keys} is already used by another application. Choose another shortcut; the tray menu still opens quick search.` };
  }
  if (isWayland(env)) return { registered: true, message: `${keys} is registered through your desktop, which may ask you to confirm it once.` };
  return { registered: true };
}

export interface Rect { x: number; y: number; width: number; height: number }

/** The quick-access window's bounds: centred on the work area of the display the pointer is on, a third down. */
export function quickWindowBounds(workArea: Rect, size = { width: 640, height: 400 }): Rect {
  const width = Math.min(size.width, workArea.width);
  const height = Math.min(size.height, workArea.height);
  return {
    x: Math.round(workArea.x + (workArea.width - width) / 2),
    y: Math.round(workArea.y + Math.max(0, (workArea.height - height) / 3)),
    width, height,
  };
}
