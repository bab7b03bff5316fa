import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'cwl-cli-'));

function run(...args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8' });
}

function write(name: string, lines: string[]): string {
  writeFileSync(join(dir, name), lines.join('\n'));
  return join(dir, name);
}

write('in.txt', ['hello', '']);
const tool = write('echo.cwl', [
  'cwlVersion: v1.2',
  'class: CommandLineTool',
  'baseCommand: echo',
  'inputs:',
  '  word: {type: string, inputBinding: {}}',
  'stdout: said.txt',
  'outputs:',
  '  said: stdout',
]);

describe('toil-cwl-runner', () => {
  it('prints the output object on stdout with the file copied into --outdir', () => {
    const outdir = join(dir, 'out');
    const job = write('job.yml', ['word: hello']);
    const result = run(`--outdir=${outdir}`, '--quiet', tool, job);
    expect(result.status).toBe(0);
    const output = JSON.parse(result.stdout) as { said: { path: string; size: number; checksum: string } };
    expect(output.said.path).toBe(join(outdir, 'said.txt'));
    expect(readFileSync(output.said.path, 'utf8')).toBe('hello\n');
    expect(output.said).toMatchObject({ size: 6, checksum: 'sha1$f572d396fae9206628714fb2ce00f72e94f2258f' });
  });

  it('says --singularity is not available here in one line, exit 33 (unsupported), on either path', () => {
    for (const extra of [[], ['--jobStore', join(dir, 'js-singularity')]]) {
      const result = run('--singularity', ...extra, tool, write('sing-job.yml', ['word: hi']));
      expect(result.status).toBe(33);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(
        /^toil-cwl-runner: --singularity: Singularity\/Apptainer is not available here;[^\n]*\n$/,
      );
    }
  });

  it('refuses a wrong input type in one line naming the input, exit 1, no stack trace', () => {
    const job = write('bad-job.yml', ['word: [1, 2]']);
    const result = run('--quiet', tool, job);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("toil-cwl-runner: Input 'word' is [1,2]; it must be string.\n");
  });

  it('refuses an unknown option and a missing document in one line, exit 2', () => {
    const unknown = run('--outdri=x', tool);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^toil-cwl-runner: Unknown option '--outdri'.*See --help\.\n$/);
    const none = run('--quiet');
    expect(none.status).toBe(2);
    expect(none.stderr).toBe(
      'toil-cwl-runner: Name the CWL document to run, and at most one job file (got 0 arguments).\n',
    );
  });

  it('reports a failing step in one line while another step still runs (no unhandled rejection)', () => {
    const fail = write('fail.cwl', [
      'cwlVersion: v1.2',
      'class: CommandLineTool',
      'baseCommand: "false"',
      'inputs: []',
      'outputs: []',
    ]);
    const slow = write('slow.cwl', [
      'cwlVersion: v1.2',
      'class: CommandLineTool',
      'baseCommand: [sleep, "1"]',
      'inputs: []',
      'outputs: {o: {type: string, outputBinding: {outputEval: done}}}',
    ]);
    const wf = write('wf.cwl', [
      'cwlVersion: v1.2',
      'class: Workflow',
      'inputs: []',
      'outputs: {o: {type: string, outputSource: slow/o}}',
      'steps:',
      `  bad: {run: ${fail}, in: [], out: []}`,
      `  slow: {run: ${slow}, in: [], out: [o]}`,
    ]);
    const result = run('--quiet', wf);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`toil-cwl-runner: Tool '${fail}' failed with exit code 1.\n`);
  });

  it('leaves nothing in --tmpdir-prefix after a success, a refused input or a failed tool', () => {
    const prefix = mkdtempSync(join(dir, 'prefix-'));
    const outdir = mkdtempSync(join(dir, 'out-'));
    expect(
      run('--quiet', '--tmpdir-prefix', prefix, '--outdir', outdir, tool, write('ok.yml', ['word: hi'])).status,
    ).toBe(0);
    expect(run('--quiet', '--tmpdir-prefix', prefix, tool).status).toBe(1);
    const fail = write('fails.cwl', [
      'cwlVersion: v1.2',
      'class: CommandLineTool',
      'baseCommand: "false"',
      'inputs: []',
      'outputs: []',
    ]);
    expect(run('--quiet', '--tmpdir-prefix', prefix, fail).stderr).toBe(
      `toil-cwl-runner: Tool '${fail}' failed with exit code 1.\n`,
    );
    expect(readdirSync(prefix)).toEqual([]);
  });

  it('names a missing required input', () => {
    const result = run('--quiet', tool);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("toil-cwl-runner: Input 'word' is missing; it must be string.\n");
  });

  const docker = write('docker.cwl', [
    'cwlVersion: v1.2',
    'class: CommandLineTool',
    'requirements: {DockerRequirement: {dockerPull: "debian:stable-slim"}}',
    'baseCommand: [sh, -c, "cat; test -e /run/.containerenv && echo in-container"]',
    'inputs: {f: File}',
    'stdin: $(inputs.f.path)',
    'stdout: out.txt',
    'outputs: {out: stdout}',
  ]);

  it('runs a DockerRequirement tool in a podman container, its input file mounted and fed as stdin', () => {
    const input = join(dir, 'in.txt');
    const job = write('docker-job.yml', ['f: {class: File, location: in.txt}']);
    const outdir = join(dir, 'docker-out');
    const result = run(`--outdir=${outdir}`, '--quiet', docker, job);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const output = JSON.parse(result.stdout) as { out: { path: string } };
    expect(readFileSync(output.out.path, 'utf8')).toBe('hello\nin-container\n');
    expect(readFileSync(input, 'utf8')).toBe('hello\n');
  });

  it('exits 33 for a tool that requires a container under --no-container', () => {
    const job = write('docker-job2.yml', ['f: {class: File, location: in.txt}']);
    const result = run('--quiet', '--no-container', docker, job);
    expect(result.status).toBe(33);
    expect(result.stderr).toBe('toil-cwl-runner: Unsupported CWL feature: DockerRequirement with --no-container.\n');
  });

  it('runs a tool without DockerRequirement in the --default-container image, on the host without it', () => {
    const plain = write('where.cwl', [
      'cwlVersion: v1.2',
      'class: CommandLineTool',
      'inputs: []',
      // podman writes /run/.containerenv into every container: present only when the tool runs in one.
      'baseCommand: [sh, -c, "if test -f /run/.containerenv; then echo container; else echo host; fi"]',
      'stdout: where.txt',
      'outputs: {where: stdout}',
    ]);
    const boxed = run(
      '--outdir',
      join(dir, 'boxed'),
      '--quiet',
      '--default-container',
      'docker.io/library/debian:stable-slim',
      plain,
    );
    expect(boxed.status, boxed.stderr).toBe(0);
    expect(readFileSync(join(dir, 'boxed', 'where.txt'), 'utf8')).toBe('container\n');
    const host = run('--outdir', join(dir, 'host'), '--quiet', plain);
    expect(host.status, host.stderr).toBe(0);
    expect(readFileSync(join(dir, 'host', 'where.txt'), 'utf8')).toBe('host\n');
  }, 120_000);
});
