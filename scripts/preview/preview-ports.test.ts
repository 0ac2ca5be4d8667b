// The preview's ports: the clipboard through a command-line tool (a stand-in tool, and the real xclip on a
// throwaway X server where Xvfb exists), the sentence where no clipboard can be reached, files saved into the
// dev folder, and addresses printed where no browser can be started.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { browserOpener, downloadsFolder, findOnPath, NO_CLIPBOARD_TOOL, NO_DISPLAY, previewClipboard } from './preview-ports';

const dir = mkdtempSync(join(tmpdir(), 'tessera-preview-ports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in xclip: `-in` stores stdin in a file, `-out` prints it, as the real one does for its selection. */
function fakeXclip(folder: string, exitCode = 0): string {
  const store = join(folder, 'selection');
  const script = join(folder, 'xclip');
  writeFileSync(script, [
    '#!/bin/sh',
    exitCode === 0 ? '' : `echo "Error: Can't open display" >&2; exit ${exitCode}`,
    `case "$*" in *-in*) /bin/cat > "${store}" ;; *-out*) [ -f "${store}" ] && /bin/cat "${store}" || exit 1 ;; esac`,
  ].join('\n'));
  chmodSync(script, 0o755);
  return store;
}

describe('previewClipboard', () => {
  it('without a tool: says so, and the port writes nothing', async () => {
    const clip = previewClipboard({ PATH: '', DISPLAY: ':0' }, 'linux');
    expect(clip.tool).toBeUndefined();
    expect(clip.unavailable()).toBe(NO_CLIPBOARD_TOOL);
    expect(NO_CLIPBOARD_TOOL).toBe('No clipboard tool found (install xclip or wl-clipboard); the copy was not made.');
    await clip.clipboard.writeSecret('s3cret');
    expect(await clip.clipboard.readText()).toBe('');
  });

  it('with a tool but no display: names the missing display instead', () => {
    const folder = mkdtempSync(join(dir, 'nodisplay-'));
    fakeXclip(folder);
    const clip = previewClipboard({ PATH: folder }, 'linux');
    expect(clip.tool).toBeUndefined();
    expect(clip.unavailable()).toBe(NO_DISPLAY);
  });

  it('with xclip on a display: writes through stdin, reads back, clears', async () => {
    const folder = mkdtempSync(join(dir, 'xclip-'));
    const store = fakeXclip(folder);
    const clip = previewClipboard({ PATH: folder, DISPLAY: ':0' }, 'linux');
    expect(clip.tool).toBe('xclip');
    expect(clip.unavailable()).toBeUndefined();
    expect(await clip.clipboard.readText()).toBe('');
    await clip.clipboard.writeSecret('pä$$ word\n');
    expect(readFileSync(store, 'utf8')).toBe('pä$$ word\n');
    expect(await clip.clipboard.readText()).toBe('pä$$ word\n');
    await clip.clipboard.clear();
    expect(await clip.clipboard.readText()).toBe('');
  });

  it('a failing tool rejects the write (the copy does not look done), with its own error line only', async () => {
    const folder = mkdtempSync(join(dir, 'broken-'));
    fakeXclip(folder, 1);
    const clip = previewClipboard({ PATH: folder, DISPLAY: ':0' }, 'linux');
    const error = await clip.clipboard.writeSecret('s3cret').then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).toBe('xclip failed (exit code 1): Error: Can\'t open display');
  });

  it('prefers wl-clipboard on Wayland and pbcopy on macOS', () => {
    const folder = mkdtempSync(join(dir, 'tools-'));
    for (const name of ['wl-copy', 'wl-paste', 'xclip', 'pbcopy', 'pbpaste']) {
      writeFileSync(join(folder, name), '#!/bin/sh\n');
      chmodSync(join(folder, name), 0o755);
    }
    expect(previewClipboard({ PATH: folder, WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0' }, 'linux').tool).toBe('wl-copy');
    expect(previewClipboard({ PATH: folder, DISPLAY: ':0' }, 'linux').tool).toBe('xclip');
    expect(previewClipboard({ PATH: folder }, 'darwin').tool).toBe('pbcopy');
  });

  const xvfb = findOnPath('Xvfb');
  const xclip = findOnPath('xclip');
  it.runIf(xvfb && xclip)('the real xclip on a throwaway X server: the copy is on the X clipboard, then cleared', async () => {
    const display = `:${100 + (process.pid % 800)}`;
    const server: ChildProcess = spawn(xvfb!, [display, '-nolisten', 'tcp'], { stdio: 'ignore' });
    try {
      const socket = `/tmp/.X11-unix/X${display.slice(1)}`;
      for (let i = 0; i < 100 && !existsSync(socket); i += 1) await new Promise((r) => setTimeout(r, 50));
      const clip = previewClipboard({ PATH: process.env.PATH, DISPLAY: display }, 'linux');
      expect(clip.tool).toBe('xclip');
      await clip.clipboard.writeSecret('copied through xclip');
      expect(await clip.clipboard.readText()).toBe('copied through xclip');
      await clip.clipboard.clear();
      expect(await clip.clipboard.readText()).toBe('');
    } finally {
      server.kill('SIGTERM');
    }
  });
});

describe('downloadsFolder', () => {
  it('saves 0600 files in a 0700 folder, never over an existing file, never outside it', async () => {
    const folder = join(dir, 'downloads');
    const said: string[] = [];
    const files = downloadsFolder(folder, (line) => said.push(line));
    const first = await files.save('Ada Lovelace recovery kit.asc', 'KIT 1');
    expect(first).toEqual({ saved: true, path: join(folder, 'Ada Lovelace recovery kit.asc') });
    const second = await files.save('Ada Lovelace recovery kit.asc', 'KIT 2');
    expect(second.path).toBe(join(folder, 'Ada Lovelace recovery kit (2).asc'));
    expect(readFileSync(first.path!, 'utf8')).toBe('KIT 1');
    expect(statSync(second.path!).mode & 0o777).toBe(0o600);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    const escaped = await files.save('../../etc/passwd', 'x');
    expect(escaped.path).toBe(join(folder, 'passwd'));
    const hidden = await files.save('.bashrc', 'x');
    expect(hidden.path).toBe(join(folder, 'bashrc'));
    expect(said).toContain(`Saved ${first.path}`);
  });
});

describe('browserOpener', () => {
  it('prints the address where no browser can be started, and refuses anything but http(s)', async () => {
    const said: string[] = [];
    const open = browserOpener((line) => said.push(line), { PATH: process.env.PATH }, 'linux');
    await open('https://example.com/a?b=1');
    expect(said).toEqual(['Open this address in your browser: https://example.com/a?b=1']);
    await expect(open('javascript:alert(1)')).rejects.toThrow();
    await expect(open('file:///etc/passwd')).rejects.toThrow();
    expect(said).toHaveLength(1);
  });
});
