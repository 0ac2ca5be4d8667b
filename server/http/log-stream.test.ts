// The batched log stream: lines written in one event-loop turn reach the sink in one write, in order, at the
// end of that turn; a process that exits right after logging still gets its lines out.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BatchedLogStream } from './log-stream';
import { REPO_ROOT } from '../test-support/server-process';

describe('BatchedLogStream', () => {
  it('writes the lines of one turn together, in order, once the turn ends', async () => {
    const writes: string[] = [];
    const stream = new BatchedLogStream({ write: (t: string) => writes.push(t) });
    stream.write('a\n');
    stream.write('b\n');
    stream.write('c\n');
    expect(writes).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual(['a\nb\nc\n']);
    stream.write('d\n');
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual(['a\nb\nc\n', 'd\n']);
  });

  it('writes what is queued when the process exits', () => {
    const script = `import { BatchedLogStream } from './server/http/log-stream.ts';
      const s = new BatchedLogStream(process.stdout); s.write('first\\n'); s.write('last\\n'); process.exit(0);`;
    const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(out.status).toBe(0);
    expect(out.stdout).toBe('first\nlast\n');
  });
});
