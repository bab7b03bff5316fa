/**
 * PromisedRequirement end to end on a scheduler: a real workflow (leader, auto-deployed bundle, worker processes)
 * runs on the LSF batch system over the local fake scheduler, and the `bsub` that submits the consumer carries the
 * memory computed from the producer's file (`-M 42MB`), not a default.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Toil } from '@toil/core';
import { registerPlugin } from '@toil/core/backend';
import type { CommandOptions, CommandResult, CommandRunner } from '@toil/batch-grid';
import { LocalFakeScheduler } from '@toil/batch-grid/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { LsfBatchSystem } from './lsf.js';
import { FakeLsf } from './test/fake-lsf.js';
import { FILE_BYTES, main } from './test/promised-workflow.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** Records every scheduler command line, then lets the fake LSF answer it. */
class RecordingRunner implements CommandRunner {
  readonly calls: string[][] = [];
  constructor(private readonly inner: CommandRunner) {}
  run(argv: readonly string[], options?: CommandOptions): Promise<CommandResult> {
    this.calls.push([...argv]);
    return this.inner.run(argv, options);
  }
}

describe('promisedRequirement on LSF (fake-backed)', () => {
  it("submits the consumer with the memory computed from the producer's file: bsub -M 42MB", async () => {
    const fake = new LocalFakeScheduler({ cores: 2 });
    const runner = new RecordingRunner(new FakeLsf(fake));
    const dir = mkdtempSync(join(tmpdir(), 'lsf-promised-'));
    cleanup.push(
      () => fake.shutdown(),
      () => rmSync(dir, { recursive: true, force: true }),
    );
    registerPlugin({
      kind: 'batchSystem',
      name: 'lsf_fake_promised',
      packageName: '@toil/batch-lsf (test)',
      moduleUrl: import.meta.url,
      load: async () => ({
        create: (context) => new LsfBatchSystem(context, { runner, tuning: { killWaitMs: 5000 } }),
      }),
    });
    const workflowModule = fileURLToPath(new URL('./test/promised-workflow.ts', import.meta.url));
    const result = await Toil.start(
      {
        jobStore: join(dir, 'js'),
        workDir: dir,
        workflowModule,
        batchSystem: 'lsf_fake_promised',
        maxCores: 2,
        maxMemory: '1G',
        statePollingWait: 0.05,
        logLevel: 'WARNING',
      },
      main,
    );
    expect(result).toEqual({ memory: 2 * FILE_BYTES, size: FILE_BYTES });
    const bsubs = runner.calls.filter((argv) => argv[0] === 'bsub');
    const consumer = bsubs.filter((argv) => argv[argv.indexOf('-J') + 1].includes('lsfpromised.consume'));
    expect(consumer).toHaveLength(1);
    const argv = consumer[0];
    expect(argv[argv.indexOf('-M') + 1]).toBe('42MB');
    expect(argv).toContain('select[mem>=42MB] rusage[mem=42MB] span[hosts=1]');
    // The root asked for its own figure (the producer ran chained in its worker): the 42 MB is the consumer's alone.
    const root = bsubs.find((a) => a[a.indexOf('-J') + 1].includes('lsfpromised.main'));
    expect(root?.[root.indexOf('-M') + 1]).toBe('100MB');
    expect(bsubs).toHaveLength(2);
  });
});
