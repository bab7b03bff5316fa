import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'cwl-opts-'));
const tool = join(dir, 'env.cwl');
writeFileSync(
  tool,
  [
    'cwlVersion: v1.2',
    'class: CommandLineTool',
    `baseCommand: [sh, -c, 'printf "%s|%s|%s|%s" "$CWL_A" "$CWL_B" "$HOME" "$PWD"']`,
    'inputs: []',
    'stdout: env.txt',
    'outputs:',
    '  out: stdout',
  ].join('\n'),
);

// Both placements of the Toil jobs: in the runner's process (the default), and on forked single_machine workers.
const PATHS = {
  'in-process jobs': [],
  'forked workers': ['--batchSystem', 'single_machine', '--inProcessJobs', 'false'],
} as Record<string, string[]>;

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [cli, '--quiet', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CWL_A: 'a-value', CWL_B: 'b-value', ...env },
  });
}

/** Runs the env tool and returns what it printed: [CWL_A, CWL_B, HOME, PWD]. */
function toolEnv(args: string[]): string[] {
  const outdir = mkdtempSync(join(dir, 'out-'));
  const result = run(['--outdir', outdir, ...args, tool]);
  expect(result.status, result.stderr).toBe(0);
  return readFileSync(join(outdir, 'env.txt'), 'utf8').split('|');
}

describe.each(Object.entries(PATHS))('CWL options (%s)', { timeout: 120_000 }, (_, extra) => {
  it('keeps host variables out of tools unless --preserve-environment names them', () => {
    const [a, b, home] = toolEnv(extra);
    expect([a, b]).toEqual(['', '']);
    expect(home).not.toBe(process.env.HOME);
    const named = toolEnv([...extra, '--preserve-environment', 'CWL_A']);
    expect(named.slice(0, 2)).toEqual(['a-value', '']);
    const both = toolEnv([...extra, '--preserve-environment', 'CWL_A', '--preserve-environment', 'CWL_B']);
    expect(both.slice(0, 2)).toEqual(['a-value', 'b-value']);
  });

  it('--preserve-entire-environment passes every host variable but HOME, which stays the output folder', () => {
    const [a, b, home, pwd] = toolEnv([...extra, '--preserve-entire-environment']);
    expect([a, b]).toEqual(['a-value', 'b-value']);
    expect(home).toBe(pwd);
  });

  it('--tmp-outdir-prefix makes the output folders in that folder, removed after the run', () => {
    const prefix = mkdtempSync(join(dir, 'prefix-'));
    const [, , , pwd] = toolEnv([...extra, '--tmp-outdir-prefix', prefix]);
    expect(pwd.startsWith(`${prefix}/`)).toBe(true);
    expect(readdirSync(prefix)).toEqual([]);
  });
});

describe('CWL option errors', () => {
  it('refuses a --tmp-outdir-prefix that is not a folder in one line quoting it, exit 2, on either path', () => {
    for (const extra of Object.values(PATHS)) {
      const result = run([...extra, '--tmp-outdir-prefix', join(dir, 'nope'), tool]);
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(
        `toil-cwl-runner: --tmp-outdir-prefix '${join(dir, 'nope')}' is not an existing folder; ` +
          'create it or name another.\n',
      );
    }
  });

  it('refuses --preserve-environment NAME=VALUE in one line quoting it', () => {
    const result = run(['--preserve-environment', 'A=1', tool]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      "toil-cwl-runner: --preserve-environment 'A=1' is not a variable name; give one name per option, e.g. HOME.\n",
    );
  });
});

describe('batch-system options on the Toil path', { timeout: 120_000 }, () => {
  it("accepts an installed batch system's own option (--slurmJobArrays) as toil run does, into config.extra", () => {
    const jobStore = join(dir, 'js-arrays');
    const outdir = join(dir, 'out-arrays');
    mkdirSync(outdir);
    const result = run([
      '--jobStore',
      jobStore,
      '--clean',
      'never',
      '--slurmJobArrays',
      'false',
      '--outdir',
      outdir,
      tool,
    ]);
    expect(result.status, result.stderr).toBe(0);
    expect(readFileSync(join(outdir, 'env.txt'), 'utf8')).toMatch(/^\|\|/);
    const config = JSON.parse(readFileSync(join(jobStore, 'shared', 'config.json'), 'utf8')) as {
      extra: Record<string, unknown>;
    };
    expect(config.extra.slurmJobArrays).toBe(false);
  });

  it('still refuses a misspelt batch-system option in one line', () => {
    const result = run(['--batchSystem', 'single_machine', '--slurmJobArray', 'false', tool]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("toil-cwl-runner: Unknown option '--slurmJobArray'. See --help.\n");
  });
});

describe('--logDir', { timeout: 120_000 }, () => {
  it('runs as Toil jobs and writes a log per job, named after its step, holding the tool command line', () => {
    const logDir = join(dir, 'logs');
    const job = join(dir, 'scatter-job.yml');
    writeFileSync(join(dir, 'in.txt'), 'hi\n');
    writeFileSync(job, 'n: 3\nf: {class: File, path: in.txt}\n');
    const workflow = resolve(dirname(fileURLToPath(import.meta.url)), '../toil/fixtures/scatter-wf.cwl');
    const result = run(['--outdir', join(dir, 'out-logs'), '--logDir', logDir, workflow, job]);
    expect(result.status, result.stderr).toBe(0);
    const logs = readdirSync(logDir);
    const squares = logs.filter((name) => /^square_job\w+_\d+\.log$/.test(name));
    expect(squares).toHaveLength(3);
    // Each scatter job's log has its own command line: the element (0, 1, 2) and its downloaded input.
    const commands = squares.map(
      (name) => /\$1 (\d) \S+\/in\.txt$/m.exec(readFileSync(join(logDir, name), 'utf8'))?.[1],
    );
    expect(commands.sort()).toEqual(['0', '1', '2']);
    expect(logs.filter((name) => name.startsWith('sub_cat_job'))).toHaveLength(1);
  });

  it('refuses --logDir with --writeLogs in one line', () => {
    const result = run(['--logDir', join(dir, 'l1'), '--writeLogs', join(dir, 'l2'), tool]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `toil-cwl-runner: --logDir '${join(dir, 'l1')}' and --writeLogs/--writeLogsGzip both say where job logs go; ` +
        'give one.\n',
    );
  });
});
