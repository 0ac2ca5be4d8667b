// `npm run bench [-- filter]`: runs every bench/**/*.bench.ts (or those whose path contains `filter`)
// one after another, so they do not compete for the CPU, and prints each result against its target.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cpus, totalmem } from 'node:os';
import { cpuTicks, meets, stealPercent, type Benchmark, type BenchResult } from './harness';

function findBenchFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findBenchFiles(path);
    return name.endsWith('.bench.ts') ? [path] : [];
  });
}

// The results table is the program's output, so it goes to stdout; failures go to stderr.
const print = (line: string): void => { process.stdout.write(`${line}\n`); };

function format(r: BenchResult): string {
  const verdict = meets(r);
  const target = r.target ? `${r.target.op} ${r.target.value} ${r.unit}` : '';
  const mark = verdict === undefined ? '' : verdict ? 'PASS' : 'FAIL';
  return `| ${r.scenario} | ${r.metric} | ${r.value.toFixed(2)} ${r.unit} | ${target} | ${mark} |`;
}

async function main(): Promise<void> {
  const root = import.meta.dirname;
  const filter = process.argv[2] ?? '';
  const files = findBenchFiles(root).filter((f) => f.includes(filter)).sort();
  print(`# ${new Date().toISOString()} | ${cpus()[0]?.model} x${cpus().length} | ${(totalmem() / 2 ** 30).toFixed(0)} GiB | node ${process.version}`);
  print('| Scenario | Metric | Measured | Target | |\n|---|---|---|---|---|');
  let failed = false;
  for (const file of files) {
    const mod = (await import(file)) as { default: Benchmark };
    const ticks = cpuTicks();
    try {
      for (const r of await mod.default()) {
        print(format(r));
        if (meets(r) === false) failed = true;
      }
      const steal = stealPercent(ticks, cpuTicks());
      if (steal !== null) print(format({ scenario: `(machine) CPU stolen by the hypervisor while ${relative(root, file)} ran`, metric: 'share of CPU time', value: steal, unit: '%' }));
    } catch (err) {
      failed = true;
      console.error(`${relative(root, file)} failed: ${(err as Error).message}`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}

await main();
