/** `toil clean <jobStore>`: deletes a kept job store; on a store that is not there it says so and succeeds. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLines, runToil, toilRun } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

describe('toil clean', () => {
  it('deletes a job store kept by --clean never, after which the same run starts afresh', async () => {
    const store = join(await tempDir(), 'js');
    expect((await toilRun('workflows.ts', store, 'hello', ['a'], ['--clean', 'never'])).code).toBe(0);
    expect(existsSync(store)).toBe(true);
    const again = await toilRun('workflows.ts', store, 'hello', ['a']);
    expect(errorLines(again.stderr)).toEqual([
      expect.stringContaining(
        `already exists. Use --restart to resume the workflow, or remove the job store with 'toil clean`,
      ),
    ]);

    const cleaned = await runToil(['clean', store]);
    expect(cleaned.code).toBe(0);
    expect(cleaned.stderr).toBe(`Deleted the job store file:${store}\n`);
    expect(existsSync(store)).toBe(false);
    const fresh = await toilRun('workflows.ts', store, 'hello', ['b']);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(JSON.parse(fresh.stdout)).toBe('Hello, b!');
  });

  it('says there is nothing to delete for a missing store, and rejects a malformed locator', async () => {
    const store = join(await tempDir(), 'nothing-here');
    const missing = await runToil(['clean', store]);
    expect(missing.code).toBe(0);
    expect(missing.stderr).toBe(`There is no job store at file:${store}; nothing to delete.\n`);
    const bad = await runToil(['clean', 'Bad:Scheme:x']);
    expect(bad.code).toBe(1);
    expect(errorLines(bad.stderr)).toEqual([expect.stringMatching(/^toil: Invalid job store locator 'Bad:Scheme:x'/)]);
  });
});
