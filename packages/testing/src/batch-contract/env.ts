import { BatchJobExitReason } from '@toil/core/backend';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureJobs } from './fixture-jobs.js';
import type { BatchContractHarness } from './harness.js';

const COPIED = 'TOIL_BATCH_CONTRACT_COPIED';
const SET = 'TOIL_BATCH_CONTRACT_SET';
const SPEC = 'TOIL_BATCH_CONTRACT_SPEC';
const UNSET = 'TOIL_BATCH_CONTRACT_UNSET';

/** setEnv and the spec's env reach the worker's process environment. */
export function describeEnv(h: BatchContractHarness): void {
  describe('environment', () => {
    afterEach(() => {
      delete process.env[COPIED];
    });

    it('passes setEnv values, values copied from this process, and the spec env to the worker', async () => {
      process.env[COPIED] = 'copied from the leader ✓';
      h.bs.setEnv(COPIED);
      h.bs.setEnv(SET, 'a value with spaces, = and "quotes" ✓');
      const path = h.file('env.json');
      await h.submit(fixtureJobs.echoEnv(path, [COPIED, SET, SPEC, UNSET]), { env: { [SPEC]: 'from the spec' } });
      expect(await h.next()).toMatchObject({ exitStatus: 0, exitReason: BatchJobExitReason.FINISHED });
      expect(JSON.parse(await h.waitForFile(path))).toEqual({
        [COPIED]: 'copied from the leader ✓',
        [SET]: 'a value with spaces, = and "quotes" ✓',
        [SPEC]: 'from the spec',
        [UNSET]: null,
      });
    });

    it("keeps one job's spec env out of the next job's environment", async () => {
      const first = h.file('first-env.json');
      await h.submit(fixtureJobs.echoEnv(first, [SPEC]), { env: { [SPEC]: 'only for the first job' } });
      expect(await h.next()).toMatchObject({ exitStatus: 0 });
      const second = h.file('second-env.json');
      await h.submit(fixtureJobs.echoEnv(second, [SPEC]));
      expect(await h.next()).toMatchObject({ exitStatus: 0 });
      expect(JSON.parse(await h.waitForFile(first))).toEqual({ [SPEC]: 'only for the first job' });
      expect(JSON.parse(await h.waitForFile(second))).toEqual({ [SPEC]: null });
    });
  });
}
