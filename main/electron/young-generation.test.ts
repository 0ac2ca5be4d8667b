import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { YOUNG_GENERATION_CAP_BYTES } from './young-generation';

const driver = fileURLToPath(new URL('./test-support/young-generation-driver.ts', import.meta.url));
const youngGenerationAfterBursts = (mode: 'capped' | 'uncapped'): number =>
  Number(execFileSync(process.execPath, ['--import', 'tsx', driver, mode], { encoding: 'utf8' }).trim());

describe('the main process young generation', () => {
  it('stops growing at the cap (give or take one doubling) where V8 alone grows it far beyond', () => {
    const uncapped = youngGenerationAfterBursts('uncapped');
    const capped = youngGenerationAfterBursts('capped');
    expect(uncapped).toBeGreaterThan(2 * YOUNG_GENERATION_CAP_BYTES); // the burst would grow it: the test means something
    expect(capped).toBeGreaterThanOrEqual(YOUNG_GENERATION_CAP_BYTES / 2);
    expect(capped).toBeLessThanOrEqual(2 * YOUNG_GENERATION_CAP_BYTES);
  }, 60_000);
});
