/**
 * Services (defineService + ctx.addService): started before the client's successors, their start() value
 * reaches a child through rv(), sub-services start after their parent, everything stops after the successors,
 * and a service whose check() throws fails the workflow.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Toil } from '@toil/core';
import { useServices } from '../fixtures/services.js';
import { apiOptions } from './helpers/api.js';
import { errorLines, toilRun } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

async function events(dir: string): Promise<string[]> {
  return (await readFile(join(dir, 'events.log'), 'utf8')).split('\n').filter(Boolean);
}

describe('services', () => {
  it('serves a child through the rv() of its start value, with a sub-service started after its parent', async () => {
    const dir = await tempDir();
    const result = await Toil.start(apiOptions(dir, 'services.ts'), useServices, dir);
    // The child fetched from the real HTTP server the service started, and got the sub-service's value.
    expect(result).toEqual({ body: 'greetings from /hello', sub: { token: 'sub-token' } });
    const log = await events(dir);
    expect(log.slice(0, 3)).toEqual(['http started', 'sub started', 'client']);
    // Both stop once the client is done, the sub-service before its parent.
    expect(log.slice(3)).toEqual(['sub stopping', 'http stopping']);
  });

  it('fails the workflow when a service check() throws, naming the service and showing its error', async () => {
    const dir = await tempDir();
    const store = join(dir, 'js');
    const result = await toilRun(
      'services.ts',
      store,
      'useBrokenService',
      [dir],
      ['--servicePollingInterval', '0.2', '--retryCount', '0'],
    );
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toBe('');
    expect(errorLines(result.stderr)).toEqual([
      expect.stringMatching(/^toil: The workflow failed: 1 job\(s\) ran out of retries \('svc\.broken' \S+\)/),
    ]);
    expect(result.stderr).toContain('Error: the database lost its disk');
    // stop() still ran on the failed service.
    expect(await events(dir)).toContain('broken stopping');
  });

  // Services that hold every core leave their client queued forever; like Toil, the leader declares a
  // deadlock once that has lasted --deadlockWait seconds.
  it('stops a workflow whose services take every core, after --deadlockWait', async () => {
    const dir = await tempDir();
    const result = await toilRun(
      'services.ts',
      join(dir, 'js'),
      'deadlocked',
      [dir],
      ['--maxCores', '2', '--deadlockWait', '2', '--deadlockCheckInterval', '1'],
      {
        timeoutMs: 20_000,
      },
    );
    expect(result.signal).toBeNull();
    expect(result.code).toBe(1);
    const errors = errorLines(result.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/The workflow is deadlocked: .* only services \(2\) have run while 1 job\(s\) wait/);
    expect(errors[0]).toMatch(/raise --maxCores/);
  });
});

describe('a service whose start() throws', () => {
  it("fails the workflow with the service's own error; the jobs that need it never run and its sibling services stop", async () => {
    const dir = await tempDir();
    const result = await toilRun('services.ts', join(dir, 'js'), 'useFailingStart', [dir], ['--retryCount', '1']);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toBe('');
    expect(errorLines(result.stderr)).toEqual([
      expect.stringMatching(/^toil: The workflow failed: 1 job\(s\) ran out of retries \('svc\.failsToStart' \S+\)/),
    ]);
    // What the user reads is the service's failure (both tries), not a client's "unfulfilled promise".
    expect(result.stderr.match(/Error: cannot bind port 5432: address already in use/g)).toHaveLength(2);
    // Its stop() threw too: that is told, but does not hide why the service failed.
    expect(
      result.stderr.match(/LOG-TO-MASTER: stop\(\) of service 'svc\.failsToStart' also failed: no server to close/g),
    ).toHaveLength(2);
    expect(result.stderr).toMatch(
      /ERROR toil: Service 'svc\.failsToStart' \S+ of job 'svc\.useFailingStart' \S+ failed to start, so the jobs after 'svc\.useFailingStart' will not run\./,
    );
    expect(result.stderr).not.toMatch(/unfulfilled promise/i);
    const log = await events(dir);
    expect(log.filter((e) => e.startsWith('needsDatabase'))).toEqual([]);
    // stop() ran after each failed start, and the healthy service of the same job was stopped.
    expect(log.filter((e) => e === 'failsToStart stopping')).toHaveLength(2);
    expect(log).toContain('healthy started');
    expect(log).toContain('healthy stopping');
  });
});
