import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// InplaceUpdateRequirement as Toil jobs, through the job store: the built CLI on the conformance suite's two in-place
// documents (with a named job store, and with no Toil option at all) and on a workflow restarted after a later
// step failed.
const here = dirname(fileURLToPath(import.meta.url));
const cli = resolve(here, '../../dist/cli.js');
const suite = resolve(here, '../../../../../shared/conformance/cwl-v1.2/tests');
const dir = mkdtempSync(join(tmpdir(), 'cwl-inplace-'));

function run(...args: string[]) {
  return spawnSync(process.execPath, [cli, '--quiet', ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
}

const PLACEMENTS: [string, string[]][] = [
  ['jobs in the runner', []],
  ['forked workers', ['--inProcessJobs', 'false']],
];

describe.each(PLACEMENTS)('in-place updates as Toil jobs (%s)', { timeout: 120_000 }, (name, extra) => {
  const tag = name.replace(/ /g, '-');

  it('a File changed in place is read changed by a later step given the same value (modify_file_content)', () => {
    const jobStore = join(dir, `js-file-${tag}`);
    const result = run(
      ...extra,
      '--jobStore',
      jobStore,
      '--outdir',
      join(dir, `out-file-${tag}`),
      join(suite, 'inp_update_wf.cwl'),
      join(suite, 'empty.json'),
    );
    expect(result.status, result.stderr).toBe(0);
    // step3 reads step1's output after step2 incremented it in place; step4 reads step2's output.
    expect(JSON.parse(result.stdout)).toEqual({ a: 4, b: 4 });
  });

  it('a Directory changed in place is listed changed by a later step (modify_directory_content)', () => {
    const outdir = join(dir, `out-dir-${tag}`);
    const result = run(
      ...extra,
      '--jobStore',
      join(dir, `js-dir-${tag}`),
      '--outdir',
      outdir,
      join(suite, 'inpdir_update_wf.cwl'),
      join(suite, 'empty.json'),
    );
    expect(result.status, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as Record<string, { basename: string; path: string }[]>;
    expect(out.a.map((f) => f.basename)).toEqual(['blurb']);
    // The same stored file reached by both outputs is exported once.
    expect(out.b.map((f) => f.path)).toEqual([join(outdir, 'blurb')]);
    expect(out.a[0].path).toBe(out.b[0].path);
  });
});

describe('without Toil options', { timeout: 120_000 }, () => {
  it('runs modify_directory_content on the default temporary job store', () => {
    const result = run(
      '--outdir',
      join(dir, 'out-default'),
      join(suite, 'inpdir_update_wf.cwl'),
      join(suite, 'empty.json'),
    );
    expect(result.status, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as Record<string, { basename: string }[]>;
    expect([out.a.map((f) => f.basename), out.b.map((f) => f.basename)]).toEqual([['blurb'], ['blurb']]);
  });
});

describe('--restart after an in-place update', { timeout: 120_000 }, () => {
  it('resumes with the updated file in the job store, without running the update again', () => {
    const mark = join(dir, 'failed-once');
    const count = join(dir, 'increments');
    const wf = join(dir, 'restart-wf.cwl');
    writeFileSync(
      wf,
      [
        'cwlVersion: v1.2',
        'class: Workflow',
        'inputs: {mark: string, count: string}',
        'outputs: {seen: {type: File, outputSource: read/out}}',
        'steps:',
        '  make:',
        '    in: []',
        '    out: [f]',
        '    run:',
        '      class: CommandLineTool',
        '      baseCommand: [sh, -c, "echo 3 > n.txt"]',
        '      inputs: []',
        '      outputs: {f: {type: File, outputBinding: {glob: n.txt}}}',
        '  bump:',
        '    in: {f: make/f, count: count}',
        '    out: [f]',
        '    run:',
        '      class: CommandLineTool',
        '      requirements:',
        '        InitialWorkDirRequirement: {listing: [{entry: $(inputs.f), writable: true}]}',
        '        InplaceUpdateRequirement: {inplaceUpdate: true}',
        // In place: `cat > n.txt` rewrites the staged file itself (no `$(` here: CWL would read it as a reference).
        '      baseCommand: [sh, -c, \'n=`cat n.txt`; expr $n + 1 | cat > n.txt; echo x >> "$0"\']',
        '      arguments: [$(inputs.count)]',
        '      inputs: {f: File, count: string}',
        '      outputs: {f: {type: File, outputBinding: {glob: n.txt}}}',
        '  read:',
        '    in: {f: make/f, wait: bump/f, mark: mark}',
        '    out: [out]',
        '    run:',
        '      class: CommandLineTool',
        // Fails (temporarily) the first time only: the run stops with the update done and stored.
        '      baseCommand: [sh, -c, \'if [ ! -e "$1" ]; then touch "$1"; exit 75; fi; cat "$0"\']',
        '      arguments: [$(inputs.f.path), $(inputs.mark)]',
        '      temporaryFailCodes: [75]',
        '      inputs: {f: File, wait: File, mark: string}',
        '      stdout: seen.txt',
        '      outputs: {out: stdout}',
      ].join('\n'),
    );
    const job = join(dir, 'restart-job.json');
    writeFileSync(job, JSON.stringify({ mark, count }));
    const jobStore = join(dir, 'js-restart');
    const outdir = join(dir, 'out-restart');
    const first = run('--jobStore', jobStore, '--retryCount', '0', '--logLevel', 'CRITICAL', wf, job);
    expect(first.status).toBe(1);
    expect(existsSync(mark)).toBe(true);
    const again = run('--jobStore', jobStore, '--restart', '--outdir', outdir, wf, job);
    expect(again.status, again.stderr).toBe(0);
    // `read` was given make's value and sees bump's change, which ran once.
    expect(readFileSync(join(outdir, 'seen.txt'), 'utf8')).toBe('4\n');
    expect(readFileSync(count, 'utf8')).toBe('x\n');
  });
});
