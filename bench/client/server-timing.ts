// Runs server-timing.entry.ts in a process of its own and returns what it timed.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerTimingInput, ServerTimingReport } from './server-timing.entry';

const entry = fileURLToPath(new URL('./server-timing.entry.ts', import.meta.url));

export function timeServer(input: ServerTimingInput): Promise<ServerTimingReport> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', entry], {
      env: { ...process.env, TESSERA_SERVER_TIMING: JSON.stringify(input) }, encoding: 'utf8', maxBuffer: 16 * 2 ** 20,
    }, (error, stdout, stderr) => {
      const report = /TIMING (\{.*\})/.exec(stdout)?.[1];
      if (error || !report) reject(new Error(`server timing child failed: ${error?.message ?? ''} ${stderr.slice(-500)}`));
      else resolve(JSON.parse(report) as ServerTimingReport);
    });
  });
}
