// The OS clipboard for ClipboardService, over Electron's clipboard module (asynchronous since Electron 44).
//
// A copied secret is written together with the platform's "this is a password" marker, so clipboard managers and
// clipboard history leave it alone: org.nspasteboard.ConcealedType on macOS; on Windows
// ExcludeClipboardContentFromMonitorProcessing plus CanIncludeInClipboardHistory = 0 and
// CanUploadToCloudClipboard = 0 (Win+V history and cloud sync); x-kde-passwordManagerHint = "secret" on Linux,
// which KDE's Klipper honours. The marker only works when it lands in the same clipboard transaction as the text:
// Electron's `clipboard.write` commits all formats of its items at once, and raw platform formats go through its
// `electron application/osclipboard;format="…"` custom format (clipboard-formats.ts). Written against Electron 45's type definitions;
// no Electron binary runs on the build machines, so the markers are checked on a desktop, not in CI.
import { clipboard, ClipboardItem } from 'electron';
import type { SystemClipboard } from '../services/clipboard.service';
import { concealedMarkers } from './clipboard-formats';

export function electronClipboard(platform: NodeJS.Platform = process.platform): SystemClipboard {
  return {
    readText: () => clipboard.readText(),
    writeSecret: (text) => clipboard.write([new ClipboardItem({ 'text/plain': text, ...concealedMarkers(platform) })]),
    // Typed as returning nothing, but awaited in case the runtime hands back a promise like its siblings.
    clear: async () => {
      await clipboard.clear();
    },
  };
}
