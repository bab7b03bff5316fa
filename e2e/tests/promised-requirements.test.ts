/**
 * PromisedRequirement (Toil's): a requirement computed from an earlier job's result is resolved by the leader
 * just before it issues the job, so the batch system is asked for the real figure and the job sees it; and
 * per-call requirement overrides (`def.withRequirements`). A real Leader runs against an in-memory job store
 * and a batch system double that records every spec it is given and runs the job with the real worker code.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  defineJob,
  defineService,
  defineRequirement,
  FileID,
  FailedJobsError,
  promisedRequirement,
  type JobDef,
} from '@toil/core';
import {
  createLogger,
  type BatchJobSpec,
  encodeEnvelope,
  type JobDescription,
  type ResolvedRequirements,
} from '@toil/core/backend';
import { PromisedRequirementError, findGraphDamage, Leader, readRootValue, saveRootJob } from '@toil/core/internal';
import { MemoryJobStore, testConfig } from '@toil/testing';
import { InProcessBatchSystem, workDirForFile } from './helpers/in-process-batch.js';

const SIZE = 300_000;

export const twiceSize = defineRequirement('promreq.twiceSize', (f: FileID) => 2 * f.size);
const broken = defineRequirement('promreq.broken', (f: FileID) => {
  throw new Error(`cannot size ${f.size} bytes`);
});

/** Writes a file of SIZE bytes and returns it, plus a plan of cores and a disk size. */
const produce = defineJob('promreq.produce', async (ctx) => {
  const path = join(ctx.tempDir, 'data.bin');
  await writeFile(path, Buffer.alloc(SIZE, 7));
  return { file: await ctx.fileStore.writeGlobalFile(path), cores: 1.5, disk: '3M', bad: -4 };
});

/** Reports the requirements it was given. */
const report = defineJob(
  'promreq.report',
  { cores: 0.5, memory: '64M' },
  async (ctx, _file: FileID) => ctx.requirements,
);

const sized = defineJob('promreq.sized', async (ctx) => {
  const made = ctx.addChild(produce);
  // The only successor of `made`, with one predecessor: without the promise it would be chained into made's worker.
  const sizedReport = report.withRequirements({
    memory: promisedRequirement(twiceSize, made.rv('file')),
    cores: promisedRequirement(made.rv('cores')),
    disk: promisedRequirement(made.rv('disk')),
  });
  return made.addChild(sizedReport, made.rv('file')).rv();
});

/** The only child of its creator, with a computed requirement but no promise in it: chaining would run it unsized. */
const computedOnly = defineJob('promreq.computedOnly', async (ctx) =>
  ctx
    .addChild(
      report.withRequirements({ memory: promisedRequirement(twiceSize, new FileID('f', 5000)) }),
      new FileID('f'),
    )
    .rv(),
);

const overridden = defineJob('promreq.overridden', async (ctx) => {
  const big = ctx.addChild(
    report.withRequirements({ cores: 2, memory: '1G', disk: '5M', preemptible: true, accelerators: ['gpu'] }),
    new FileID('none'),
  );
  const plain = ctx.addChild(report, new FileID('none'));
  // rv() stays typed through withRequirements: `.memory` is checked by the compiler.
  return { big: big.rv('memory'), plain: plain.rv('memory'), bigAll: big.rv() };
});

const svc = defineService('promreq.svc', { memory: '64M' }, () => ({ start: () => 'up', stop: () => undefined }));
const useService = defineJob('promreq.useService', async (_ctx, state: string) => state);
const hosting = defineJob('promreq.hosting', async (ctx) => {
  const started = ctx.addService(svc.withRequirements({ memory: '300M', cores: 0.25 }));
  return ctx.addChild(useService, started.rv()).rv();
});

const throwing = defineJob('promreq.throwing', async (ctx) => {
  const made = ctx.addChild(produce);
  made.addChild(report.withRequirements({ memory: promisedRequirement(broken, made.rv('file')) }), made.rv('file'));
});

const negative = defineJob('promreq.negative', async (ctx) => {
  const made = ctx.addChild(produce);
  made.addChild(report.withRequirements({ cores: promisedRequirement(made.rv('bad')) }), made.rv('file'));
});

const tooEarly = defineJob('promreq.tooEarly', async (ctx) => {
  const made = ctx.addChild(produce);
  // A sibling may run before `made`: its requirement cannot come from made's result.
  ctx.addChild(
    report.withRequirements({ memory: promisedRequirement(twiceSize, made.rv('file')) }),
    new FileID('none'),
  );
});

const workDir = workDirForFile('promised-req-');

/** Run `def` with a leader; returns its value or error and the specs the batch system got, by job name. */
async function run(def: JobDef) {
  const config = testConfig({ jobStore: 'memory:promreq', defaultMemory: 100 * 1024 ** 2 });
  const store = new MemoryJobStore();
  await store.initialize(config);
  const rootId = await saveRootJob(store, config, def, []);
  const specs: BatchJobSpec[] = [];
  const batch = new InProcessBatchSystem(
    { store, config, localWorkflowDir: workDir(), echo: () => undefined },
    { replaceAttempt: (_n, spec) => void specs.push(spec) },
  );
  const warnings: string[] = [];
  const log = { ...createLogger('OFF'), warn: (message: string) => void warnings.push(message) };
  const outcome = await new Leader({
    store,
    batch: batch.asBatchSystem(),
    config,
    rootId,
    log,
    workerCommand: [],
    env: {},
  })
    .run()
    .then(
      async () => ({ value: (await readRootValue(store)) as unknown }),
      (error: unknown) => ({ error }),
    );
  await store.destroy();
  const spec = (name: string) => specs.filter((s) => s.displayName === name).map((s) => s.requirements);
  return { outcome, spec, warnings };
}

describe('promisedRequirement', () => {
  it('the leader resolves promised memory, cores and disk before issuing: the batch system gets the figures and the job sees them', async () => {
    const { outcome, spec } = await run(sized as JobDef);
    const expected = { memory: 2 * SIZE, cores: 1.5, disk: 3 * 1024 ** 2 };
    // Issued on its own (not chained), once, with the resolved figures.
    expect(spec('promreq.report')).toEqual([expect.objectContaining(expected)]);
    expect(outcome).toEqual({ value: expect.objectContaining(expected) });
  });

  it("a computed requirement is never chained into its creator's worker: the leader issues it with the figure", async () => {
    const { outcome, spec } = await run(computedOnly as JobDef);
    expect(spec('promreq.report')).toEqual([expect.objectContaining({ memory: 10_000 })]);
    expect(outcome).toEqual({ value: expect.objectContaining({ memory: 10_000, cores: 0.5 }) });
  });

  it('a requirement function that throws stops the workflow with one line naming the job and the function', async () => {
    const { outcome, spec } = await run(throwing as JobDef);
    const error = (outcome as { error: Error }).error;
    expect(error).toBeInstanceOf(PromisedRequirementError);
    expect(error.message).toMatch(
      /^The promised memory of job 'promreq\.report' \S+ could not be computed: requirement function 'promreq\.broken' threw: cannot size 300000 bytes$/,
    );
    expect(spec('promreq.report')).toEqual([]);
  });

  it('a figure that is not a valid requirement is refused, quoting it and saying what would work', async () => {
    const { outcome, spec } = await run(negative as JobDef);
    const error = (outcome as { error: Error }).error;
    expect(error).toBeInstanceOf(PromisedRequirementError);
    expect(error.message).toMatch(
      /^The promised cores of job 'promreq\.report' \S+ resolved to -4: it must be a positive number of cores, fractions like 0\.5 allowed\.$/,
    );
    expect(spec('promreq.report')).toEqual([]);
  });

  it('a promise from a job that may run later is refused when the job is added, as for arguments', async () => {
    const { outcome, spec, warnings } = await run(tooEarly as JobDef);
    // The adding job fails (out of tries) with Toil's promise-order error; the consumer is never issued.
    expect(outcome).toEqual({ error: expect.any(FailedJobsError) });
    expect(warnings.join('\n')).toContain(
      `Job 'promreq.produce' cannot promise its return value to 'promreq.report', which may run before it.`,
    );
    expect(spec('promreq.report')).toEqual([]);
  });
});

describe('withRequirements: per-call requirement overrides', () => {
  it('overrides cores, memory, disk, accelerators and preemptible for that call only; the definition keeps its own', async () => {
    const { outcome, spec } = await run(overridden as JobDef);
    const reports = spec('promreq.report');
    const big: Partial<ResolvedRequirements> = {
      cores: 2,
      memory: 1024 ** 3,
      disk: 5 * 1024 ** 2,
      preemptible: true,
      accelerators: [{ kind: 'gpu', count: 1 }],
    };
    expect(reports).toContainEqual(expect.objectContaining(big));
    expect(reports).toContainEqual(
      expect.objectContaining({ cores: 0.5, memory: 64 * 1024 ** 2, preemptible: false, accelerators: [] }),
    );
    expect(outcome).toEqual({ value: { big: 1024 ** 3, plain: 64 * 1024 ** 2, bigAll: expect.objectContaining(big) } });
  });

  it('works on the root job too, and keeps the types: same arguments, typed rv()', async () => {
    const { outcome, spec } = await run(computedOnly.withRequirements({ cores: 3, memory: '300M' }) as JobDef);
    expect(spec('promreq.computedOnly')).toEqual([expect.objectContaining({ cores: 3, memory: 300 * 1024 ** 2 })]);
    expect(outcome).toEqual({ value: expect.objectContaining({ memory: 10_000 }) });
    expectTypeOf(report.withRequirements({ cores: 1 })).toEqualTypeOf<typeof report>();
  });

  it('works on services: the service host is issued with the overridden figures', async () => {
    const { outcome, spec } = await run(hosting as JobDef);
    expect(outcome).toEqual({ value: 'up' });
    expect(spec('promreq.svc')).toEqual([expect.objectContaining({ memory: 300 * 1024 ** 2, cores: 0.25 })]);
    expect(svc.requirements).toEqual({ memory: '64M' });
  });

  it('keeps the definition unchanged and validates overrides where they are written', () => {
    expect(report.withRequirements({ memory: '2G' }).requirements).toEqual({ cores: 0.5, memory: '2G' });
    expect(report.requirements).toEqual({ cores: 0.5, memory: '64M' });
    expect(() => report.withRequirements({ cores: -1 })).toThrow(
      `Invalid cores for job 'promreq.report' -1: use a positive number, fractions like 0.5 allowed`,
    );
  });

  it('a promised requirement on a root job is refused in one line', async () => {
    const store = new MemoryJobStore();
    const config = testConfig({ jobStore: 'memory:promreq-root' });
    await store.initialize(config);
    const promised = promisedRequirement(twiceSize, new FileID('x', 1));
    await expect(saveRootJob(store, config, report.withRequirements({ memory: promised }), [])).rejects.toThrow(
      /promised requirement needs the promising job to run first: use it on a job added with addChild\/addFollowOn/,
    );
  });
});

describe('a restart with promised requirements waiting', () => {
  /** A job still to run whose promised memory reads `fileId`, and the store holding it. */
  async function waitingConsumer(fill: boolean) {
    const store = new MemoryJobStore();
    const config = testConfig({ jobStore: 'memory:promreq-damage' });
    await store.initialize(config);
    const id = store.assignId();
    const fileId = await store.getEmptyFileId({ ownerJobId: id, basename: 'promise' });
    if (fill) await store.writeAllocatedFile(fileId, encodeEnvelope(new FileID('f', 10)));
    const desc: JobDescription = {
      v: 1,
      id,
      name: 'promreq.report',
      displayName: 'promreq.report',
      args: [],
      done: false,
      successors: [],
      predecessorCount: 1,
      remainingTries: 2,
      promises: [],
      services: [],
      requirements: { cores: 1, memory: 1, disk: 1, accelerators: [], preemptible: false },
      promisedRequirements: { memory: ['promreq.twiceSize', { $t: 'promise', file: fileId }] },
    };
    await store.create(desc);
    return { store, reachable: new Map([[id, desc]]), id, fileId };
  }

  it('a promised requirement no remaining job will write is damage, named like a promised argument', async () => {
    const { store, reachable, id, fileId } = await waitingConsumer(false);
    expect(await findGraphDamage(store, reachable)).toEqual({
      where: `the job record '${id}' ('promreq.report')`,
      problem: expect.stringContaining(
        `waits for a promised value in '${fileId}' that no job left in the store will write`,
      ),
    });
  });

  it('a written one is not (no false alarm)', async () => {
    const { store, reachable } = await waitingConsumer(true);
    expect(await findGraphDamage(store, reachable)).toBeUndefined();
  });
});
