import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadJobExport } from './run.js';

const fixture = join(import.meta.dirname, '../fixtures/jobs.ts');

describe('toil run: finding the root job', () => {
  it('loads a TypeScript module and returns the exported job', async () => {
    const def = await loadJobExport(fixture, 'greet');
    expect(def.name).toBe('cli-test.greet');
  });

  it('lists the job exports when --job names nothing or a non-job', async () => {
    await expect(loadJobExport(fixture, 'gret')).rejects.toThrow(
      /Invalid --job "gret": .*exports nothing named 'gret'; its job exports are: greet/,
    );
    await expect(loadJobExport(fixture, 'notAJob')).rejects.toThrow(
      /exports 'notAJob', but it is not a job made with defineJob/,
    );
  });

  it('says so when the module does not exist', async () => {
    await expect(loadJobExport('/nonexistent/flow.ts', 'x')).rejects.toThrow(
      "The workflow module '/nonexistent/flow.ts' does not exist.",
    );
  });
});
