/**
 * toil-cwl-runner with Toil's options: the process runs as Toil jobs on single_machine (forked workers), its
 * files through the job store. Runs the built CLI (dist/cli.js).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const cli = resolve(here, '../../dist/cli.js');
const workflow = join(here, 'fixtures/scatter-wf.cwl');
const dir = mkdtempSync(join(tmpdir(), 'cwl-toil-'));
writeFileSync(join(dir, 'in.txt'), 'hello\n');
writeFileSync(join(dir, 'job.json'), JSON.stringify({ n: 4, f: { class: 'File', location: 'in.txt' } }));

// Forked workers (the default runs single_machine jobs in the runner's process, which the other tests cover).
function run(...args: string[]) {
  return spawnSync(process.execPath, [cli, '--inProcessJobs', 'false', ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

interface Out {
  all: { path: string };
  sq: { path: string; basename: string }[];
  skipped: number | null;
}

describe('toil-cwl-runner on Toil', { timeout: 150_000 }, () => {
  it('runs a scatter, a sub-workflow and a skipped step as jobs; files travel through the job store', () => {
    const scratch = mkdtempSync(join(dir, 'scratch-'));
    const outdir = join(dir, 'out');
    const result = run(
      '--outdir',
      outdir,
      '--batchSystem',
      'single_machine',
      '--tmpdir-prefix',
      scratch,
      '--logLevel',
      'WARNING',
      workflow,
      'job.json',
    );
    expect(result.status, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as Out;
    const lines = readFileSync(out.all.path, 'utf8').trim().split('\n');
    expect(lines.map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual([
      '0 hello',
      '1 hello',
      '4 hello',
      '9 hello',
    ]);
    // Each scatter job read its own copy of in.txt, downloaded into its job's temp folder, never the original.
    const seen = lines.map((line) => line.split(' ')[2]);
    for (const path of seen) expect(path).not.toBe(join(dir, 'in.txt'));
    expect(new Set(seen).size).toBe(4);
    expect(out.sq.map((f) => dirname(f.path))).toEqual([outdir, outdir, outdir, outdir]);
    expect(out.sq.map((f) => readFileSync(f.path, 'utf8').split(' ')[0])).toEqual(['0', '1', '4', '9']);
    expect(out.skipped).toBeNull();
    // The default job store was a temporary folder, removed after the successful run.
    expect(readdirSync(scratch)).toEqual([]);
  });

  it("downloads a File's secondary files beside it, into the job's own folder", () => {
    writeFileSync(join(dir, 'reads.bam'), 'bam\n');
    writeFileSync(join(dir, 'reads.bam.bai'), 'index\n');
    const tool = join(dir, 'indexed.cwl');
    writeFileSync(
      tool,
      [
        'cwlVersion: v1.2',
        'class: CommandLineTool',
        'inputs:',
        '  bam: {type: File, secondaryFiles: [.bai], inputBinding: {position: 1}}',
        "baseCommand: [sh, -c, 'cat $0.bai; echo $0']",
        'stdout: seen.txt',
        'outputs: {seen: stdout}',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'bam.json'), JSON.stringify({ bam: { class: 'File', location: 'reads.bam' } }));
    const outdir = join(dir, 'out-bam');
    const result = run(
      '--outdir',
      outdir,
      '--batchSystem',
      'single_machine',
      '--logLevel',
      'WARNING',
      tool,
      'bam.json',
    );
    expect(result.status, result.stderr).toBe(0);
    const [index, seenPath] = readFileSync(join(outdir, 'seen.txt'), 'utf8').trim().split('\n');
    expect(index).toBe('index');
    expect(seenPath.endsWith('/reads.bam')).toBe(true);
    expect(seenPath).not.toBe(join(dir, 'reads.bam'));
  });

  it("evaluates a step's ResourceRequirement on its bound inputs: a default File's size", () => {
    writeFileSync(join(dir, 'two.txt'), 'x\n');
    const tool = join(dir, 'sized.cwl');
    writeFileSync(
      tool,
      [
        'cwlVersion: v1.2',
        'class: CommandLineTool',
        'requirements: {ResourceRequirement: {coresMin: $(inputs.f.size), coresMax: $(inputs.f.size)}}',
        'inputs: {f: {type: File, default: {class: File, location: two.txt}}}',
        'arguments: [$(runtime.cores)]',
        'baseCommand: echo',
        'stdout: cores.txt',
        'outputs: {cores: stdout}',
      ].join('\n'),
    );
    const wf = join(dir, 'sized-wf.cwl');
    writeFileSync(
      wf,
      [
        'cwlVersion: v1.2',
        'class: Workflow',
        'inputs: {f: File?}',
        'outputs: {cores: {type: File, outputSource: run/cores}}',
        'steps: {run: {run: sized.cwl, in: {f: f}, out: [cores]}}',
      ].join('\n'),
    );
    const outdir = join(dir, 'out-sized');
    const result = run('--outdir', outdir, '--batchSystem', 'single_machine', '--maxCores', '2', wf);
    expect(result.status, result.stderr).toBe(0);
    expect(readFileSync(join(outdir, 'cores.txt'), 'utf8')).toBe('2\n');
  });

  it("ends on a tool's permanent failure with the tool's own line, exit 1, without retrying it", () => {
    const counter = join(dir, 'runs.txt');
    const failing = join(dir, 'fail-once.cwl');
    writeFileSync(
      failing,
      [
        'cwlVersion: v1.2',
        'class: CommandLineTool',
        `baseCommand: [sh, -c, 'echo run >> ${counter}; exit 3']`,
        'inputs: []',
        'outputs: []',
      ].join('\n'),
    );
    const result = run('--retryCount', '2', '--logLevel', 'CRITICAL', failing);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`toil-cwl-runner: Tool '${failing}' failed with exit code 3.\n`);
    // A permanentFail is deterministic: the job returns it instead of failing, so Toil does not run it again.
    expect(readFileSync(counter, 'utf8')).toBe('run\n');
  });

  it('keeps a named job store after a temporaryFail, says how to --restart, and exits 1 in one line', () => {
    const jobStore = join(dir, 'js-fail');
    const failing = join(dir, 'fail.cwl');
    writeFileSync(
      failing,
      [
        'cwlVersion: v1.2',
        'class: CommandLineTool',
        'baseCommand: "false"',
        'temporaryFailCodes: [1]',
        'inputs: []',
        'outputs: []',
      ].join('\n'),
    );
    const result = run('--jobStore', jobStore, '--retryCount', '0', '--logLevel', 'CRITICAL', failing);
    expect(result.status).toBe(1);
    const last = result.stderr.trim().split('\n').pop()!;
    expect(last).toMatch(/^toil-cwl-runner: .*--restart.*js-fail/);
    expect(existsSync(jobStore)).toBe(true);
  });

  it('exits 33 before any job runs for a step that requires a container under --no-container', () => {
    const wf = join(dir, 'docker-wf.cwl');
    writeFileSync(
      wf,
      [
        'cwlVersion: v1.2',
        'class: Workflow',
        'inputs: []',
        'outputs: []',
        'steps:',
        '  boxed:',
        '    run:',
        '      class: CommandLineTool',
        '      requirements: {DockerRequirement: {dockerPull: "debian:stable-slim"}}',
        '      baseCommand: "true"',
        '      inputs: []',
        '      outputs: []',
        '    in: []',
        '    out: []',
      ].join('\n'),
    );
    const jobStore = join(dir, 'js-33');
    const result = run('--no-container', '--jobStore', jobStore, '--logLevel', 'CRITICAL', wf);
    expect(result.status).toBe(33);
    expect(result.stderr).toMatch(/DockerRequirement/);
  });

  it('runs a tool without DockerRequirement in the --default-container image, its input file mounted', () => {
    const tool = join(dir, 'plain.cwl');
    writeFileSync(
      tool,
      [
        'cwlVersion: v1.2',
        'class: CommandLineTool',
        'inputs: {f: {type: File, inputBinding: {position: 1}}}',
        // podman writes /run/.containerenv into every container: present only when the tool runs in one.
        'baseCommand: [sh, -c, "test -f /run/.containerenv && cat $0"]',
        'stdout: out.txt',
        'outputs: {out: stdout}',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'plain.json'), JSON.stringify({ f: { class: 'File', location: 'in.txt' } }));
    const outdir = join(dir, 'out-plain');
    const image = ['--default-container', 'docker.io/library/debian:stable-slim'];
    const result = run('--outdir', outdir, ...image, '--batchSystem', 'single_machine', tool, 'plain.json');
    expect(result.status, result.stderr).toBe(0);
    expect(readFileSync(join(outdir, 'out.txt'), 'utf8')).toBe('hello\n');
  });

  it("refuses a Toil option's bad value in one line, as toil run does", () => {
    const result = run('--maxCores', 'many', workflow, 'job.json');
    // The same line and exit code as `toil run --maxCores many`.
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `toil-cwl-runner: Invalid --maxCores "many": use a number greater than 0, or 'unlimited'\n`,
    );
  });
});
