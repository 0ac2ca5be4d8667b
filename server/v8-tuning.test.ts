// The server's V8 settings take effect in a real Node process: with --trace-pretenuring-statistics V8 reports
// its pretenuring decisions at each collection; after v8-tuning.ts has run it makes none.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './test-support/server-process';

// Allocates from one allocation site with half the objects kept, which V8 considers for pretenuring.
const WORKLOAD = 'const keep = []; for (let i = 0; i < 2e6; i++) { const o = { a: i, b: [i] }; if (i % 2) keep.push(o); } '
  + 'process.stdout.write(`kept ${keep.length}\\n`);';

function run(tuned: boolean): string {
  const script = tuned ? `await import(${JSON.stringify(join(REPO_ROOT, 'server/v8-tuning.ts'))}); ${WORKLOAD}` : WORKLOAD;
  const result = spawnSync(process.execPath, ['--trace-pretenuring-statistics', '--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: REPO_ROOT, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout).toContain('kept 1000000');
  return result.stdout;
}

describe('server V8 settings', () => {
  it('turn allocation-site pretenuring off (V8 reports no pretenuring decisions)', () => {
    // The control run proves the workload makes V8 report decisions, so the tuned run's silence means something.
    expect(run(false)).toMatch(/pretenuring:/);
    expect(run(true)).not.toMatch(/pretenuring:/);
  }, 60_000);
});
