import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkflowConfig } from '../options/config.js';
import { decideCaching } from './caching-default.js';

/** Toil's caching default, decided by the leader from the options, the batch system and the file systems. */
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'toil-caching-default-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const config = (jobStore: string, disableCaching?: boolean): WorkflowConfig =>
  ({ jobStore, disableCaching, batchSystem: 'single_machine', workDir: dir }) as WorkflowConfig;
const cleaned = { workerCleanup: true, installed: true };

describe('decideCaching', () => {
  it('is on by default for aws: and google: stores on a batch system that cleans up nodes', () => {
    expect(decideCaching(config('aws:us-east-1:wf'), cleaned)).toEqual({
      on: true,
      reason: 'the job store is remote (aws:)',
    });
    expect(decideCaching(config('google:proj:wf'), cleaned).on).toBe(true);
  });

  it("is off by default for a file: store on the work dir's real file system, even one not created yet", () => {
    const decision = decideCaching(config(`file:${join(dir, 'not-yet', 'js')}`), cleaned);
    expect(decision).toEqual({ on: false, reason: "the file: job store is on the work dir's file system" });
  });

  it('is on by default for a file: store on another file system than the work dir', () => {
    const deviceOf = (path: string) => (path.startsWith('/mnt/nfs') ? 2 : 1);
    expect(decideCaching(config('file:/mnt/nfs/js'), { ...cleaned, deviceOf }).on).toBe(true);
    expect(decideCaching(config(`file:${join(dir, 'js')}`), { ...cleaned, deviceOf }).on).toBe(false);
    // A device that cannot be read counts as the same file system (the plain file store is never wrong).
    expect(decideCaching(config('file:/mnt/nfs/js'), { ...cleaned, deviceOf: () => undefined }).on).toBe(false);
  });

  it('is off by default where the batch system does not clean up nodes or the package is missing', () => {
    expect(decideCaching(config('aws:us-east-1:wf'), { workerCleanup: false, installed: true })).toEqual({
      on: false,
      reason: 'the single_machine batch system does not clean up nodes',
    });
    expect(decideCaching(config('aws:us-east-1:wf'), { workerCleanup: true, installed: false })).toEqual({
      on: false,
      reason: '@toil/filestore-cache is not installed',
    });
  });

  it('follows --disableCaching: true is off everywhere, false is on (the leader refuses it without clean-up)', () => {
    expect(decideCaching(config('aws:us-east-1:wf', true), cleaned)).toEqual({ on: false, reason: '--disableCaching' });
    expect(decideCaching(config(`file:${dir}`, false), cleaned)).toEqual({
      on: true,
      reason: '--disableCaching false',
    });
  });
});
