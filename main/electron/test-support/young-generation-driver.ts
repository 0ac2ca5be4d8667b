// Run by young-generation.test.ts in a fresh process: allocates in bursts whose objects survive a few collections
// (as a sync page does), with or without the cap, and prints the young generation's size in bytes.
import { capYoungGeneration, youngGenerationBytes } from '../young-generation';

if (process.argv[2] === 'capped') capYoungGeneration();
const live: { name: string; fields: number[] }[] = [];
for (let i = 0; i < 3_000_000; i++) {
  live.push({ name: `resource ${i}`, fields: [i, i + 1] });
  if (live.length > 200_000) live.splice(0, 100_000);
  // Let the collector's observers run between bursts of about a megabyte, as the event loop does between sync pages.
  if (i % 10_000 === 0) await new Promise((resolve) => setImmediate(resolve));
}
process.stdout.write(`${youngGenerationBytes()}\n`);
