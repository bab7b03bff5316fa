import { describe, expect, it } from 'vitest';
import { BatchJobExitReason, type UpdatedBatchJobInfo } from '../batch/batch-system.js';
import type { JobStore } from '../jobstore/jobstore.js';
import type { JobDescription } from '../jobstore/description.js';
import type { WorkflowConfig } from '../options/config.js';
import type { Logger } from '../log/logger.js';
import { newNode } from './job-node.js';
import { doubledRequirements, doubleMemoryForRetry } from './memory-retry.js';

const GIB = 1024 ** 3;
const requirements = { cores: 1, memory: 2 * GIB, disk: GIB, accelerators: [], preemptible: false };
const ended = (exitReason: BatchJobExitReason): UpdatedBatchJobInfo => ({ batchJobId: 1, exitStatus: 137, exitReason });

describe('--doubleMem', () => {
  it('doubles the memory of a job that ended MEMLIMIT, only with the flag, capped at --maxMemory', () => {
    const on = { doubleMem: true, maxMemory: Infinity };
    expect(doubledRequirements(requirements, ended(BatchJobExitReason.MEMLIMIT), on)).toEqual({
      ...requirements,
      memory: 4 * GIB,
    });
    expect(
      doubledRequirements(requirements, ended(BatchJobExitReason.MEMLIMIT), { doubleMem: false, maxMemory: Infinity }),
    ).toBeUndefined();
    expect(doubledRequirements(requirements, ended(BatchJobExitReason.FAILED), on)).toBeUndefined();
    expect(doubledRequirements(requirements, undefined, on)).toBeUndefined();
    expect(
      doubledRequirements(requirements, ended(BatchJobExitReason.MEMLIMIT), { doubleMem: true, maxMemory: 3 * GIB })
        ?.memory,
    ).toBe(3 * GIB);
    expect(
      doubledRequirements(requirements, ended(BatchJobExitReason.MEMLIMIT), { doubleMem: true, maxMemory: 2 * GIB }),
    ).toBeUndefined();
  });

  it('stores the doubled memory on the job before it is issued again, and says so', async () => {
    const saved: JobDescription[] = [];
    const store = { update: async (desc: JobDescription) => void saved.push(desc) } as unknown as JobStore;
    const warnings: string[] = [];
    const log = { warn: (m: string) => warnings.push(m) } as unknown as Logger;
    const node = newNode({ id: 'j1', displayName: 'big sort', requirements, done: false } as unknown as JobDescription);
    const config = { doubleMem: true, maxMemory: Infinity } as WorkflowConfig;
    await doubleMemoryForRetry(store, log, node, ended(BatchJobExitReason.MEMLIMIT), config);
    expect(node.desc.requirements.memory).toBe(4 * GIB);
    expect(saved.map((d) => d.requirements.memory)).toEqual([4 * GIB]);
    expect(warnings[0]).toMatch(
      /^Job 'big sort' j1 hit its memory limit; retrying it with 4294967296 bytes of memory \(--doubleMem\)\.$/,
    );
    await doubleMemoryForRetry(store, log, node, ended(BatchJobExitReason.KILLED), config);
    expect(saved).toHaveLength(1);
  });
});
