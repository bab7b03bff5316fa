/**
 * dockerCall's own checks and its order of work, with real podman and a job context that only records what is
 * asked of it (the worker machinery is covered end to end in e2e/tests/containers-*.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobContext } from '@toil/core';
import { afterAll, describe, expect, it } from 'vitest';
import { removeContainer, removeLabelled } from './cleanup.js';
import { dockerCall } from './docker-call.js';
import type { EngineRef } from './engine.js';
import { engineFromRef, selectEngine } from './select-engine.js';

const podman = selectEngine('podman');
const tempDir = mkdtempSync(join(tmpdir(), 'toil-docker-call-'));
afterAll(async () => {
  await removeLabelled(podman, { 'org.toil.workflow': 'wf-unit' });
  rmSync(tempDir, { recursive: true, force: true });
});

/** The deferred calls a job registered, and whether each one's container existed at that moment. */
interface Deferral {
  name: string;
  args: unknown[];
  containerExisted: boolean;
}

function context(deferrals: Deferral[]): JobContext {
  return {
    jobId: 'job-unit',
    jobName: 'unit',
    workflowId: 'wf-unit',
    tempDir,
    requirements: { cores: 1, memory: 64 * 1024 * 1024, disk: 0, accelerators: [], preemptible: false },
    defer: (def: { name: string }, ...args: unknown[]) => {
      // Asked synchronously, as the record is written: does the container exist yet?
      const exists = spawnSync(podman.ref.command, ['container', 'exists', String(args[1])]).status === 0;
      deferrals.push({ name: def.name, args, containerExisted: exists });
    },
  } as unknown as JobContext;
}

describe('dockerCall', () => {
  it('defers the removal before the container exists, and the deferred call is a harmless no-op afterwards', async () => {
    const deferrals: Deferral[] = [];
    const ctx = context(deferrals);
    const out = await dockerCall(ctx, {
      image: 'debian:stable-slim',
      parameters: [
        ['printf', "a b\\nit's\\n"],
        ['grep', '-c', "it's"],
      ],
    });
    expect(out).toBe('1\n');
    expect(deferrals).toHaveLength(1);
    const [engine, name] = deferrals[0].args as [EngineRef, string];
    expect(deferrals[0].name).toBe(removeContainer.name);
    expect(engine).toEqual(podman.ref);
    expect(name).toMatch(/^toil-[0-9a-f]{16}$/);
    expect(deferrals[0].containerExisted).toBe(false);
    // run --rm removed it; the deferred call (as another process would run it) finds nothing to do.
    expect(await engineFromRef(engine).list({ 'org.toil.job': 'job-unit' })).toEqual([]);
    await expect(removeContainer.fn(engine, name)).resolves.toBeUndefined();
    expect(await podman.list({ 'org.toil.job': 'job-unit' })).toEqual([]);
  });

  it('refuses volumes with relative paths, mixed parameters and non-positive limits, quoting them', async () => {
    const ctx = context([]);
    await expect(
      dockerCall(ctx, { image: 'alpine', volumes: { 'data/in': { bind: '/in' } }, parameters: ['true'] }),
    ).rejects.toThrow(/^Invalid dockerCall volume \{"data\/in":\{"bind":"\/in"\}\}: use absolute paths on both sides/);
    await expect(
      dockerCall(ctx, { image: 'alpine', parameters: ['echo', ['x']] as unknown as string[] }),
    ).rejects.toThrow(/^Invalid dockerCall parameters \["echo",\["x"\]\]: give a list of strings or a list of lists/);
    await expect(dockerCall(ctx, { image: 'alpine', parameters: ['true'], cores: -1 })).rejects.toThrow(
      /^Invalid dockerCall cores -1: give true \(the job's requirement\) or a positive figure/,
    );
  });
});
