// The OS clipboard for ClipboardService, over Electron's clipboard module.
//
// Concealed marking (org.nspasteboard.ConcealedType on macOS, ExcludeClipboardContentFromMonitorProcessing on
// Windows, x-kde-passwordManagerHint on KDE) needs the text and a second format written in ONE clipboard
// transaction. Electron 41's clipboard cannot do that: every write call replaces the whole clipboard, and
// `clipboard.write` takes only text/html/rtf/image/bookmark (custom formats in `write` arrive with ClipboardItem in
// Electron 44). So the copy is written as plain text only; ClipboardService's clear-after-timeout, clear-on-lock
// and clear-on-quit are the protection. Revisit when the app moves to an Electron with ClipboardItem.
import { clipboard } from 'electron';
import type { SystemClipboard } from '../services/clipboard.service';

export function electronClipboard(): SystemClipboard {
  return {
    readText: async () => clipboard.readText('clipboard'),
    writeSecret: async (text) => clipboard.writeText(text, 'clipboard'),
    clear: async () => clipboard.clear('clipboard'),
  };
}
