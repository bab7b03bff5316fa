/**
 * A user mistake gets one line on stderr that quotes the bad value and says what would work, a non-zero exit,
 * no stack trace, and leaves the job store as it was (or never creates it).
 */
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLines, fixture, runToil, stackFrames, toilRun, type RunResult } from './helpers/cli.js';
import { listJobs, snapshot } from './helpers/store.js';
import { tempDir } from './helpers/temp.js';

/**
 * The run failed the way a user mistake should: exit 1, exactly one `toil:` line, no stack frames. Returns that line.
 */
function expectOneLineError(result: RunResult): string {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stdout).toBe('');
  expect(stackFrames(result.stderr), result.stderr).toEqual([]);
  const lines = errorLines(result.stderr);
  expect(lines, result.stderr).toHaveLength(1);
  return lines[0];
}

/** Like expectOneLineError, for mistakes caught before any workflow starts: stderr holds nothing but that line. */
function expectOnlyErrorLine(result: RunResult): string {
  const line = expectOneLineError(result);
  expect(result.stderr).toBe(`${line}\n`);
  return line;
}

describe('bad input to toil run', () => {
  it('refuses to start over an existing job store without --restart, and leaves it unchanged', async () => {
    const dir = await tempDir();
    const store = join(dir, 'js');
    const first = await toilRun('workflows.ts', store, 'hello', ['a'], ['--clean', 'never']);
    expect(first.stdout).toBe('"Hello, a!"\n');
    const before = await snapshot(store);

    const line = expectOnlyErrorLine(await toilRun('workflows.ts', store, 'hello', ['b'], [], { cwd: dir }));
    expect(line).toContain(`'file:${store}' already exists`);
    expect(line).toContain('--restart');
    expect(line).toContain(`toil clean file:${store}`);
    expect(await snapshot(store)).toEqual(before);
  });

  it('refuses --restart on a job store that does not exist, and does not create it', async () => {
    const dir = await tempDir();
    const line = expectOnlyErrorLine(
      await toilRun('workflows.ts', './missing', 'hello', ['a'], ['--restart'], { cwd: dir }),
    );
    expect(line).toContain(`'file:${join(dir, 'missing')}' does not exist`);
    expect(line).toContain('drop --restart');
    expect(await readdir(dir)).toEqual([]);
  });

  it.each([
    ['Bad:Scheme:x', "'Bad' is not a job store type", "start a file path with './' or '/'"],
    ['file:', "nothing follows 'file:'", "'file:/data/my-jobstore'"],
  ])('rejects the malformed locator %s', async (locator, problem, remedy) => {
    const dir = await tempDir();
    const line = expectOnlyErrorLine(await toilRun('workflows.ts', locator, 'hello', ['a'], [], { cwd: dir }));
    expect(line).toContain(`Invalid job store locator '${locator}'`);
    expect(line).toContain(problem);
    expect(line).toContain(remedy);
    expect(await readdir(dir)).toEqual([]);
  });

  it('rejects an unknown --batchSystem, listing the known ones, before creating the job store', async () => {
    const dir = await tempDir();
    const line = expectOnlyErrorLine(
      await toilRun('workflows.ts', './js', 'hello', ['a'], ['--batchSystem', 'warp_drive'], { cwd: dir }),
    );
    expect(line).toContain("Unknown batch system 'warp_drive'");
    expect(line).toMatch(/Choose one of: .*single_machine.*slurm/);
    expect(existsSync(join(dir, 'js'))).toBe(false);
  });

  it('does not offer backends that have no package (mesos, kubernetes): they are unknown names', async () => {
    const dir = await tempDir();
    // The install hint for our own packages that are not installed is in third-party-plugin.test.ts, where
    // @toil/batch-slurm is missing from the user's project.
    const line = expectOnlyErrorLine(
      await toilRun('workflows.ts', './js', 'hello', ['a'], ['--batchSystem', 'mesos'], { cwd: dir }),
    );
    expect(line).toContain("Unknown batch system 'mesos'. Choose one of: ");
    expect(line).not.toMatch(/kubernetes|@toil\/batch-mesos/);
    expect(existsSync(join(dir, 'js'))).toBe(false);
  });

  it('lists the job exports when --job names no export', async () => {
    const dir = await tempDir();
    const line = expectOnlyErrorLine(await toilRun('workflows.ts', './js', 'nosuchjob', [], [], { cwd: dir }));
    expect(line).toContain('Invalid --job "nosuchjob"');
    expect(line).toContain("exports nothing named 'nosuchjob'; its job exports are: fanout, hello, square, sum");
    expect(existsSync(join(dir, 'js'))).toBe(false);
  });

  it.each([
    ['{"n":3}', "use a JSON array of the arguments of 'fanout', e.g. --args '[{\"n\":3}]'"],
    ['3 4', "use a JSON array of the arguments of 'fanout'"],
    ['[]', "job 'fanout' takes 1 argument after its context, but 0 were given"],
    ['[3, 4]', "job 'fanout' takes 1 argument after its context, but 2 were given"],
  ])('rejects --args %s', async (args, hint) => {
    const dir = await tempDir();
    const result = await runToil(['run', fixture('workflows.ts'), './js', '--job', 'fanout', '--args', args], {
      cwd: dir,
    });
    const line = expectOnlyErrorLine(result);
    expect(line).toContain(`Invalid --args ${JSON.stringify(args)}`);
    expect(line).toContain(hint);
    expect(existsSync(join(dir, 'js'))).toBe(false);
  });

  it.each([
    ['function', 'it is a function (onDone)'],
    ['instance', 'it is an instance of Widget'],
  ])('fails the workflow when a job passes a %s to addChild, naming the argument', async (kind, what) => {
    const dir = await tempDir();
    const store = join(dir, 'js');
    const result = await toilRun('bad-input.ts', store, 'encodeRoot', [kind], ['--retryCount', '0']);
    const line = expectOneLineError(result);
    expect(line).toMatch(/The workflow failed: 1 job\(s\) ran out of retries \('badInput\.encodeRoot' \S+\)/);
    // The job's log carries the codec's message: which argument of which job, and what to pass instead.
    expect(result.stderr).toContain(
      `Cannot encode arguments of 'badInput.consume'[0].callback: ${what}. Pass plain data`,
    );
    // The failed workflow stays in its job store for a restart; the child was never saved.
    const jobs = await listJobs(`file:${store}`);
    expect(jobs.map((j) => j.name)).toEqual(['badInput.encodeRoot']);
    expect(jobs[0].remainingTries).toBe(0);
  });

  it("rejects --defaultMemory '12 parsecs' before creating the job store", async () => {
    const dir = await tempDir();
    const line = expectOnlyErrorLine(
      await toilRun('workflows.ts', './js', 'hello', ['a'], ['--defaultMemory', '12 parsecs'], { cwd: dir }),
    );
    expect(line).toContain('Invalid --defaultMemory "12 parsecs"');
    expect(line).toContain("use a number of bytes or a size like '512M', '2G'");
    expect(existsSync(join(dir, 'js'))).toBe(false);
  });

  it("rejects a job defined with memory '12 parsecs' when its module loads, naming the job and the module", async () => {
    const dir = await tempDir();
    const line = expectOnlyErrorLine(await toilRun('bad-requirement.ts', './js', 'huge', [], [], { cwd: dir }));
    expect(line).toContain('bad-requirement.ts');
    expect(line).toContain(`Invalid memory for job 'badRequirement.huge' "12 parsecs"`);
    expect(line).toContain("use a number of bytes or a size like '512M'");
    expect(existsSync(join(dir, 'js'))).toBe(false);
  });

  it('fails a job that needs more cores than --maxCores when it is issued, and keeps the workflow restartable', async () => {
    const dir = await tempDir();
    const store = join(dir, 'js');
    const result = await toilRun('bad-input.ts', store, 'bigParent', [], ['--maxCores', '1']);
    const line = expectOneLineError(result);
    expect(line).toBe(
      "toil: Job 'badInput.big' requests 1.5 of cores, but the batch system allows at most 1. Lower the job's cores requirement or raise --maxCores (or use a machine with more cores).",
    );
    // The parent ran and committed; the child waits in the job store.
    expect((await listJobs(`file:${store}`)).map((j) => j.name).sort()).toEqual(['badInput.big', 'badInput.bigParent']);
    const restarted = await toilRun('bad-input.ts', store, 'bigParent', [], ['--restart', '--maxCores', '2']);
    expect(errorLines(restarted.stderr)).toEqual([]);
    expect(restarted.stdout).toBe('"big ran"\n');
    expect(restarted.code).toBe(0);
  });

  it('shows file:line:col for a workflow module that does not compile', async () => {
    const dir = await tempDir();
    const module = join(dir, 'broken.ts');
    await writeFile(
      module,
      "import { defineJob } from '@toil/core';\n\nexport const broken = defineJob('broken', async (_ctx, x: number) => {\n  return x * ;\n});\n",
    );
    const line = expectOnlyErrorLine(
      await runToil(['run', module, './js', '--job', 'broken', '--args', '[1]'], { cwd: dir }),
    );
    expect(line).toBe(`toil: The workflow module ${module} does not compile: broken.ts:4:14: Unexpected ";"`);
    expect(await readdir(dir)).toEqual(['broken.ts']);
  });

  it('rejects a module path that does not exist', async () => {
    const dir = await tempDir();
    const line = expectOnlyErrorLine(
      await runToil(['run', './no-such-workflow.ts', './js', '--job', 'main'], { cwd: dir }),
    );
    expect(line).toBe(
      "toil: The workflow module './no-such-workflow.ts' does not exist. Give the path of a .ts or .js file that exports jobs.",
    );
    expect(await readdir(dir)).toEqual([]);
  });
});
