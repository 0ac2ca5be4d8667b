// The clipboard formats that mark a copied secret as a password on each platform, for system-clipboard.ts. Kept
// apart from Electron's module so they are unit-tested under plain Node.
/** A raw platform clipboard format, as Electron's clipboard names it. */
const osFormat = (name: string) => `electron application/osclipboard;format="${name}"`;

/** A Windows clipboard DWORD (little-endian); 0 opts the entry out of history and cloud sync. */
const dword = (value: number) => {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value, true);
  return new Blob([bytes]);
};

/** The marker formats written next to the text on each platform (none elsewhere). */
export function concealedMarkers(platform: NodeJS.Platform): Record<string, Blob> {
  switch (platform) {
    case 'darwin':
      return { [osFormat('org.nspasteboard.ConcealedType')]: new Blob([]) };
    case 'win32':
      return {
        [osFormat('ExcludeClipboardContentFromMonitorProcessing')]: new Blob([]),
        [osFormat('CanIncludeInClipboardHistory')]: dword(0),
        [osFormat('CanUploadToCloudClipboard')]: dword(0),
      };
    case 'linux':
      return { [osFormat('x-kde-passwordManagerHint')]: new Blob(['secret']) };
    default:
      return {};
  }
}
