// The desktop ports for the preview, where Electron is not there to provide them: the system clipboard through
// the platform's command-line tools, recovery kits saved into the dev folder instead of a save dialog, and the
// OS browser through xdg-open/open (or the address printed when neither can run).
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, delimiter, join } from 'node:path';
import type { SaveFilePort, OpenExternalPort } from '../../main/electron/ipc-handlers';
import { externalUrl } from '../../main/electron/security-policy';
import type { SystemClipboard } from '../../main/services/clipboard.service';

type Env = Readonly<Record<string, string | undefined>>;

const HELPER_TIMEOUT_MS = 5_000;

/** The executable `name` on PATH, or undefined. */
export function findOnPath(name: string, env: Env = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

interface Command { readonly file: string; readonly args: readonly string[] }

/** How one clipboard tool reads, writes and clears. */
interface ClipboardTool {
  readonly name: string;
  readonly write: Command;
  readonly read: Command;
  /** Absent: clearing is writing the empty string. */
  readonly clear?: Command;
}

function pickTool(env: Env, platform: NodeJS.Platform): ClipboardTool | undefined {
  const has = (name: string) => findOnPath(name, env);
  if (platform === 'darwin') {
    const pbcopy = has('pbcopy');
    const pbpaste = has('pbpaste');
    if (pbcopy && pbpaste) return { name: 'pbcopy', write: { file: pbcopy, args: [] }, read: { file: pbpaste, args: [] } };
    return undefined;
  }
  if (env.WAYLAND_DISPLAY) {
    const wlCopy = has('wl-copy');
    const wlPaste = has('wl-paste');
    if (wlCopy && wlPaste) {
      return {
        name: 'wl-copy', write: { file: wlCopy, args: [] }, read: { file: wlPaste, args: ['--no-newline'] },
        clear: { file: wlCopy, args: ['--clear'] },
      };
    }
  }
  if (env.DISPLAY) {
    const xclip = has('xclip');
    if (xclip) {
      return {
        name: 'xclip', write: { file: xclip, args: ['-selection', 'clipboard', '-in'] },
        read: { file: xclip, args: ['-selection', 'clipboard', '-out'] },
      };
    }
    const xsel = has('xsel');
    if (xsel) {
      return {
        name: 'xsel', write: { file: xsel, args: ['--clipboard', '--input'] }, read: { file: xsel, args: ['--clipboard', '--output'] },
        clear: { file: xsel, args: ['--clipboard', '--clear'] },
      };
    }
  }
  return undefined;
}

/**
 * Runs a clipboard tool. Success is the tool's exit (xclip, xsel and wl-copy fork a process that keeps serving
 * the selection and holds our pipes open, so waiting for the pipes to close would wait for the next copy).
 */
function runTool(command: Command, input: string | undefined, env: Env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command.file, [...command.args], {
      env: { ...env }, stdio: [input === undefined ? 'ignore' : 'pipe', input === undefined ? 'pipe' : 'ignore', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), HELPER_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${basename(command.file)} could not run: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      child.stderr?.destroy();
      // A read has stdout piped and the tool exits only after writing it; give the pipe its last chunk.
      const finish = () => {
        // The tools' own error lines, never the text written (that went to stdin only).
        if (code === 0) resolve(stdout);
        else reject(new Error(`${basename(command.file)} failed (${signal ?? `exit code ${code}`}): ${stderr.trim().split('\n')[0] ?? ''}`));
      };
      if (child.stdout && !child.stdout.readableEnded) child.stdout.once('end', finish).once('close', finish);
      else finish();
    });
    if (input !== undefined) {
      // A tool that dies at once closes stdin under us; its exit code tells what happened.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(input, 'utf8');
    }
  });
}

export interface PreviewClipboard {
  readonly clipboard: SystemClipboard;
  /** The sentence shown after a copy when no clipboard can be reached; undefined where a tool is used. */
  readonly unavailable: () => string | undefined;
  /** The tool in use, for the terminal summary. */
  readonly tool: string | undefined;
}

export const NO_CLIPBOARD_TOOL = 'No clipboard tool found (install xclip or wl-clipboard); the copy was not made.';
export const NO_DISPLAY = 'No display here to hold a clipboard (DISPLAY and WAYLAND_DISPLAY are unset); the copy was not made.';

export function previewClipboard(env: Env = process.env, platform: NodeJS.Platform = process.platform): PreviewClipboard {
  const tool = pickTool(env, platform);
  if (!tool) {
    const reason = platform !== 'darwin' && !env.DISPLAY && !env.WAYLAND_DISPLAY
      && (findOnPath('xclip', env) || findOnPath('xsel', env) || findOnPath('wl-copy', env)) ? NO_DISPLAY : NO_CLIPBOARD_TOOL;
    return {
      tool: undefined,
      unavailable: () => reason,
      // Nothing is written and nothing claims it was: the copy's answer carries `reason`, and the window says
      // the copy was not made. Rejecting here instead would lose that sentence behind a generic failure.
      clipboard: {
        readText: async () => '',
        writeSecret: async () => undefined,
        clear: async () => undefined,
      },
    };
  }
  const write = async (text: string) => { await runTool(tool.write, text, env); };
  return {
    tool: tool.name,
    unavailable: () => undefined,
    // A tool that fails rejects, so the copy fails (logged with the tool's error line) instead of looking done.
    clipboard: {
      readText: async () => {
        try {
          return await runTool(tool.read, undefined, env);
        } catch {
          // xclip and wl-paste exit non-zero on an empty clipboard; nothing there is not our copy either way.
          return '';
        }
      },
      writeSecret: write,
      clear: async () => {
        if (tool.clear) await runTool(tool.clear, undefined, env);
        else await write('');
      },
    },
  };
}

/** Recovery kits go into `<dir>` (created 0700), each file 0600, never over an existing file. */
export function downloadsFolder(dir: string, say: (line: string) => void = () => undefined): SaveFilePort {
  return {
    async save(suggestedName, contents) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const safe = basename(suggestedName).replace(/[^\w.@ -]/g, '_').replace(/^\.+/, '') || 'tessera-download';
      const dot = safe.lastIndexOf('.');
      const [stem, ext] = dot > 0 ? [safe.slice(0, dot), safe.slice(dot)] : [safe, ''];
      for (let n = 1; n < 1000; n += 1) {
        const path = join(dir, n === 1 ? safe : `${stem} (${n})${ext}`);
        try {
          await writeFile(path, contents, { mode: 0o600, flag: 'wx' });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
          throw error;
        }
        say(`Saved ${path}`);
        return { saved: true, path };
      }
      return { saved: false };
    },
  };
}

/** Opens http(s) addresses with xdg-open (Linux, on a desktop) or open (macOS); otherwise prints them. */
export function browserOpener(say: (line: string) => void, env: Env = process.env, platform: NodeJS.Platform = process.platform): OpenExternalPort {
  const opener = platform === 'darwin' ? findOnPath('open', env)
    : platform === 'linux' && (env.DISPLAY || env.WAYLAND_DISPLAY) ? findOnPath('xdg-open', env) : undefined;
  return async (url) => {
    const checked = externalUrl(url);
    if (!checked) throw new Error('refused a non-http(s) address');
    if (!opener) {
      say(`Open this address in your browser: ${checked}`);
      return;
    }
    const child = spawn(opener, [checked], { detached: true, stdio: 'ignore', env: { ...env } });
    child.once('error', () => say(`Open this address in your browser: ${checked}`));
    child.unref();
  };
}
