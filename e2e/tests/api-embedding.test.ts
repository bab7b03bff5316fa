/**
 * Embedding Toil in a program: the typed `Toil.open` options, job events and progress through `toil.on`, an
 * AbortSignal, typed results, `importFile`, what `close()` leaves behind, and the README's plain `.mjs` example.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it, onTestFinished } from 'vitest';
import {
  FileID,
  JobHandle,
  Rv,
  Toil,
  ToilError,
  WorkflowKilledError,
  type JobEvent,
  type LeaderProgress,
} from '@toil/core';
import { slowOnce } from '../fixtures/crash.js';
import { flakyOnce } from '../fixtures/retries.js';
import { fanout } from '../fixtures/workflows.js';
import { apiOptions } from './helpers/api.js';
import { fixture, runNode, runToil } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

describe('Toil.open options', () => {
  it('takes typed options; a misspelt one does not compile and, from JavaScript, is refused naming the right one', async () => {
    const dir = await tempDir();
    const typed = async () => {
      // @ts-expect-error: retryCont is not an option
      await Toil.open({ jobStore: join(dir, 'js'), retryCont: 3 });
    };
    await expect(typed()).rejects.toThrow(
      'Invalid option "retryCont": it is not a Toil option; did you mean retryCount?',
    );
    // @ts-expect-error: clean takes a policy name
    await expect(Toil.open({ jobStore: join(dir, 'js'), clean: 'sometimes' })).rejects.toThrow(/--clean.*sometimes/);
    expect(existsSync(join(dir, 'js'))).toBe(false);
  });
});

describe('toil.on', () => {
  it("reports each job's issue and completion with running totals, and the leader's progress", async () => {
    const events: JobEvent[] = [];
    const progress: LeaderProgress[] = [];
    await using toil = await Toil.open(apiOptions(await tempDir(), 'workflows.ts'));
    toil.on('job', (event) => events.push(event)).on('progress', (p) => progress.push(p));
    const result = await toil.start(fanout, 5);
    expectTypeOf(result).toEqualTypeOf<number>();
    expect(result).toBe(30);
    const issued = events.filter((e) => e.type === 'issued');
    const completed = events.filter((e) => e.type === 'completed');
    // The fanout, its 5 squares and the sum, unless the sum was chained into a square's worker.
    expect(issued.filter((e) => e.jobType === 'square')).toHaveLength(5);
    expect(completed.filter((e) => e.jobType === 'square')).toHaveLength(5);
    expect(issued[0]).toMatchObject({
      jobType: 'fanout',
      totals: { issued: 1, completed: 0, failed: 0, retried: 0, missing: 0 },
    });
    expect(events.at(-1)?.totals).toEqual({
      issued: issued.length,
      completed: completed.length,
      failed: 0,
      retried: 0,
      missing: 0,
    });
    expect(issued.length).toBeGreaterThanOrEqual(6);
    expect(progress.at(-1)).toMatchObject({ issued: 0, failed: 0 });
    expect(progress.at(-1)?.completed).toBeGreaterThanOrEqual(7);
  });

  it('reports a failed attempt and its retry', async () => {
    const dir = await tempDir();
    const types: string[] = [];
    await using toil = await Toil.open(apiOptions(dir, 'retries.ts', { logLevel: 'OFF' }));
    toil.on('job', (event) => types.push(`${event.type} ${event.jobType}`));
    expect(await toil.start(flakyOnce, dir)).toBe('recovered');
    expect(types).toEqual([
      'issued retry.flakyOnce',
      'failed retry.flakyOnce',
      'retried retry.flakyOnce',
      'issued retry.flakyOnce',
      'completed retry.flakyOnce',
    ]);
  });

  it('a listener that throws does not stop the workflow', async () => {
    await using toil = await Toil.open(apiOptions(await tempDir(), 'workflows.ts', { logLevel: 'OFF' }));
    toil.on('job', () => {
      throw new Error('listener bug');
    });
    expect(await toil.start(fanout, 3)).toBe(5);
  });
});

describe('signal', () => {
  it('aborting stops the running workflow with WorkflowKilledError, and a restart finishes it', async () => {
    const dir = await tempDir();
    const marker = join(dir, 'started');
    const controller = new AbortController();
    const options = apiOptions(dir, 'crash.ts', { logLevel: 'OFF' });
    const began = Date.now();
    {
      await using toil = await Toil.open({ ...options, signal: controller.signal });
      // Abort once the job is really running (its marker is written), in the middle of its 60 s sleep.
      const poll = setInterval(() => {
        if (existsSync(marker)) controller.abort('test');
      }, 50);
      onTestFinished(() => clearInterval(poll));
      const error = await toil.start(slowOnce, marker, 60_000).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkflowKilledError);
      expect(ToilError.is(error) && error.code).toBe('KILLED');
    }
    expect(Date.now() - began).toBeLessThan(30_000);
    // Failed, so --clean onSuccess kept the store; its lock was released.
    const result = await Toil.restart(options, slowOnce);
    expectTypeOf(result).toEqualTypeOf<string>();
    // The killed first attempt left its marker: the restart's attempt returns at once.
    expect(result).toBe('retry');
  });
});

describe('importFile', () => {
  it('returns a FileID, and throws naming the file when it cannot be read', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'in.txt'), 'hello');
    await using toil = await Toil.open(apiOptions(dir, 'workflows.ts'));
    const id = await toil.importFile(`file://${join(dir, 'in.txt')}`);
    expectTypeOf(id).toEqualTypeOf<FileID>();
    expect(id).toBeInstanceOf(FileID);
    expect(id.size).toBe(5);
    await expect(toil.importFile(`file://${join(dir, 'missing.txt')}`)).rejects.toThrow('missing.txt');
  });
});

describe('close', () => {
  it('of a Toil opened and never started deletes the store it created and releases the lock', async () => {
    const dir = await tempDir();
    const options = apiOptions(dir, 'workflows.ts');
    const toil = await Toil.open(options);
    expect(existsSync(options.jobStore)).toBe(true);
    await toil.close();
    expect(existsSync(options.jobStore)).toBe(false);
    // Nothing is left locked: the same store opens and runs at once.
    expect(await Toil.start(options, fanout, 3)).toBe(5);
  });

  it('of a Toil opened for restart and never restarted keeps the store, unlocked', async () => {
    const dir = await tempDir();
    const options = apiOptions(dir, 'workflows.ts', { clean: 'never' });
    expect(await Toil.start(options, fanout, 3)).toBe(5);
    const before = await readdir(options.jobStore, { recursive: true });
    const toil = await Toil.open({ ...options, restart: true });
    await toil.close();
    expect(existsSync(options.jobStore)).toBe(true);
    expect(await Toil.restart(options, fanout)).toBe(5);
    expect((await readdir(options.jobStore, { recursive: true })).length).toBeGreaterThan(0);
    expect(before.length).toBeGreaterThan(0);
  });
});

describe('typed results', () => {
  it('rv() with a nested path is typed', () => {
    // Checked by tsc (e2e typecheck): the handle is never built at run time.
    const check = (handle: JobHandle<{ tags: string[]; meta: { sizes: number[] } }>) => {
      expectTypeOf(handle.rv('tags', 0)).toEqualTypeOf<Rv<string>>();
      expectTypeOf(handle.rv('meta', 'sizes', 1)).toEqualTypeOf<Rv<number>>();
      expectTypeOf(handle.rv('tags')).toEqualTypeOf<Rv<string[]>>();
    };
    expect(typeof check).toBe('function');
  });
});

/** The README's fenced code block of `lang` that starts with `prefix`. */
async function readmeBlock(lang: string, prefix: string): Promise<string> {
  const readme = await readFile(join(import.meta.dirname, '../../README.md'), 'utf8');
  const block = [...readme.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))]
    .map((m) => m[1])
    .find((b) => b.startsWith(prefix));
  if (block === undefined) throw new Error(`README has no ${lang} block starting with ${prefix}`);
  return block;
}

describe("the README's API section", () => {
  it('the TypeScript workflow runs with toil run as its first line says', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'wf.ts'), await readmeBlock('ts', '// wf.ts'));
    const result = await runToil(['run', 'wf.ts', './js', '--job', 'fanout', '--args', '[100]', '--maxCores', '2'], {
      cwd: dir,
    });
    expect(result.stdout).toBe('328350\n');
    expect(result.code).toBe(0);
  });

  it('the JavaScript embedding example is e2e/fixtures/embed.mjs, word for word', async () => {
    const fixtureText = await readFile(fixture('embed.mjs'), 'utf8');
    const withoutHeader = fixtureText.replace(/^(\/\/.*\n)+/, '');
    expect(await readmeBlock('js', 'import')).toBe(withoutHeader);
  });

  it('e2e/fixtures/embed.mjs runs with plain node and prints the result', async () => {
    const dir = await tempDir();
    const result = await runNode([fixture('embed.mjs'), './js'], { cwd: dir });
    expect(result.stdout).toBe('328350\n');
    expect(result.stderr).toMatch(/^\d+ jobs completed\n$/);
    expect(Number(result.stderr.split(' ')[0])).toBeGreaterThanOrEqual(101);
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, 'js'))).toBe(false);
  });
});
