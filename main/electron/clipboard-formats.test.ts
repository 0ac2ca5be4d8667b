import { describe, expect, it } from 'vitest';
import { concealedMarkers } from './clipboard-formats';

const bytes = async (blob: Blob | undefined) => [...new Uint8Array(await (blob as Blob).arrayBuffer())];
const raw = (name: string) => `electron application/osclipboard;format="${name}"`;

describe('concealedMarkers', () => {
  it('marks the copy concealed on macOS with an empty ConcealedType entry', async () => {
    const markers = concealedMarkers('darwin');
    expect(Object.keys(markers)).toEqual([raw('org.nspasteboard.ConcealedType')]);
    expect(await bytes(markers[raw('org.nspasteboard.ConcealedType')])).toEqual([]);
  });

  it('keeps the copy out of monitors, Win+V history and cloud clipboard on Windows (DWORD 0, little-endian)', async () => {
    const markers = concealedMarkers('win32');
    expect(Object.keys(markers).sort()).toEqual([
      raw('CanIncludeInClipboardHistory'), raw('CanUploadToCloudClipboard'), raw('ExcludeClipboardContentFromMonitorProcessing'),
    ]);
    expect(await bytes(markers[raw('CanIncludeInClipboardHistory')])).toEqual([0, 0, 0, 0]);
    expect(await bytes(markers[raw('CanUploadToCloudClipboard')])).toEqual([0, 0, 0, 0]);
  });

  it('sends KDE the password manager hint "secret" on Linux', async () => {
    const markers = concealedMarkers('linux');
    expect(Object.keys(markers)).toEqual([raw('x-kde-passwordManagerHint')]);
    expect(new TextDecoder().decode(new Uint8Array(await bytes(markers[raw('x-kde-passwordManagerHint')])))).toBe('secret');
  });

  it('adds nothing where the platform has no such format', () => {
    expect(concealedMarkers('freebsd')).toEqual({});
  });
});
