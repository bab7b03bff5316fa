import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowConfig } from '@toil/core';
import {
  encode,
  type BatchSystem,
  type BatchSystemContext,
  type JobStore,
  type ResolvedRequirements,
  type UpdatedBatchJobInfo,
} from '@toil/core/backend';
import { deployWorkflow, workerEntryPath, JOBSTORE_PLUGIN_ENV } from '@toil/core/internal';
import { testConfig } from '../config.js';
import { makeJob } from '../job-fixture.js';
import { batchContractFixturePath, type FixtureCall } from './fixture-jobs.js';
import type { BatchSystemContractSetup } from './setup.js';

/**
 * Environment variable naming the job store plugin for `toil-worker` (core's run-leader sets it; not exported there).
 */

/** Small enough that memory never limits how many fixture jobs run at once, big enough for a Node worker. */
const JOB_MEMORY = 256 * 1024 ** 2;
const JOB_DISK = 16 * 1024 ** 2;

/** Resolve after `ms`. */
export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** IDs in ascending order, for comparing listings whose order means nothing. */
export const sorted = (ids: Iterable<number>): number[] => [...ids].sort((a, b) => a - b);

/** Requirements of a fixture job with `cores` cores. */
export function fixtureRequirements(cores: number): ResolvedRequirements {
  return { cores, memory: JOB_MEMORY, disk: JOB_DISK, accelerators: [], preemptible: false };
}

/**
 * What every contract test works with: one job store (with the fixture workflow deployed) for the whole suite, a
 * fresh batch system and scratch directory per test, and helpers that issue fixture jobs as the leader would.
 */
export class BatchContractHarness {
  /** The batch system of the current test. */
  bs: BatchSystem = undefined as unknown as BatchSystem; // set in startTest
  /** Scratch directory of the current test, where fixture jobs write. */
  dir = '';
  store: JobStore = undefined as unknown as JobStore; // set in openSuite
  private pluginUrl = '';
  private suiteDir = '';
  private isShutDown = true;

  constructor(readonly setup: BatchSystemContractSetup) {}

  get maxCores(): number {
    return this.setup.maxCores;
  }

  get localWorkers(): boolean {
    return this.setup.localWorkers ?? true;
  }

  get jobTimeoutMs(): number {
    return this.setup.jobTimeoutMs ?? 30_000;
  }

  /** Make the suite's job store and deploy the fixture workflow into it, as a leader deploys a user's module. */
  async openSuite(): Promise<void> {
    this.suiteDir = await mkdtemp(join(tmpdir(), 'toil-batch-contract-'));
    const made = await this.setup.makeStore(join(this.suiteDir, 'store'));
    this.store = made.store;
    this.pluginUrl = made.pluginUrl;
    await mkdir(join(this.suiteDir, 'work'));
    await this.store.initialize(this.config());
    await deployWorkflow(this.store, batchContractFixturePath(), {
      disableAutoDeployment: false,
      cacheDir: join(this.suiteDir, 'bundles'),
    });
  }

  async closeSuite(): Promise<void> {
    // Undefined when openSuite failed early; its error is the one to show.
    await (this.store as JobStore | undefined)?.destroy();
    if (this.suiteDir) await rm(this.suiteDir, { recursive: true, force: true });
  }

  async startTest(): Promise<void> {
    this.dir = await mkdtemp(join(this.suiteDir, 'test-'));
    this.bs = await this.setup.create(this.context());
    this.isShutDown = false;
  }

  async endTest(): Promise<void> {
    await this.shutdown();
  }

  /** Shut the current batch system down (once; the suite's clean-up skips it afterwards). */
  async shutdown(): Promise<void> {
    if (this.isShutDown) return;
    this.isShutDown = true;
    await this.bs.shutdown();
  }

  /** The workflow config of the suite's job store. */
  config(): WorkflowConfig {
    return testConfig({
      jobStore: this.store.locator,
      workDir: join(this.suiteDir, 'work'),
      maxCores: this.maxCores,
      workflowId: 'batch-contract-workflow',
    });
  }

  /** What the leader would give the batch system at construction. */
  context(): BatchSystemContext {
    return {
      config: this.config(),
      maxCores: this.maxCores,
      maxMemory: Infinity,
      maxDisk: Infinity,
      locator: this.store.locator,
      pluginPaths: { jobStore: this.pluginUrl },
    };
  }

  /** A path in the test's scratch directory. */
  file(name: string): string {
    return join(this.dir, name);
  }

  /**
   * Store a job description for `call` and issue it the way the leader does (the `toil-worker` command line and the
   * leader's environment in the spec, plus `env`). Returns the batch job ID.
   */
  async submit(call: FixtureCall, options: { cores?: number; env?: Record<string, string> } = {}): Promise<number> {
    const requirements = fixtureRequirements(options.cores ?? 1);
    const job = makeJob(this.store.assignId(), {
      name: call.name,
      displayName: call.name,
      args: encode(call.args),
      requirements,
    });
    await this.store.create(job);
    return this.bs.issueBatchJob({
      jobStoreId: job.id,
      displayName: call.name,
      requirements,
      workerCommand: [process.execPath, workerEntryPath(), this.store.locator, job.id],
      env: { ...this.store.getEnv(), [JOBSTORE_PLUGIN_ENV]: this.pluginUrl, ...options.env },
    });
  }

  /** The next finished job; fails the test if none finishes within the job timeout. */
  async next(): Promise<UpdatedBatchJobInfo> {
    const update = await this.bs.getUpdatedBatchJob(this.jobTimeoutMs);
    if (!update)
      throw new Error(
        `No job finished within ${this.jobTimeoutMs} ms (issued: [${this.bs.getIssuedBatchJobIds().join(', ')}]).`,
      );
    return update;
  }

  /** The next `n` finished jobs. */
  async collect(n: number): Promise<UpdatedBatchJobInfo[]> {
    const out: UpdatedBatchJobInfo[] = [];
    while (out.length < n) out.push(await this.next());
    return out;
  }

  /** Wait for a file a fixture job writes and return its contents; fails the test after the job timeout. */
  async waitForFile(path: string): Promise<string> {
    const deadline = Date.now() + this.jobTimeoutMs;
    while (!existsSync(path)) {
      if (Date.now() > deadline)
        throw new Error(
          `${path} did not appear within ${this.jobTimeoutMs} ms: the job never started or never got there.`,
        );
      await delay(20);
    }
    return readFile(path, 'utf8');
  }

  /** Poll `check` every 20 ms until it holds; fails the test after `ms`, saying what did not happen. */
  async until(check: () => boolean, ms: number, what: string): Promise<void> {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`Waited ${ms} ms for ${what}.`);
      await delay(20);
    }
  }

  /** Wait until the `sleep` job recording to `path` has started; returns the pid of its worker process. */
  async started(path: string): Promise<number> {
    return Number(await this.waitForFile(`${path}.pid`));
  }
}
