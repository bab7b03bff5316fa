import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The built runner, as users run it (turbo builds the package before its tests).
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

function run(args: string[]) {
  const cwd = mkdtempSync(join(tmpdir(), 'wdl-cli-'));
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { ...r, cwd };
}

describe('toil-wdl-runner', () => {
  it('runs a scatter of task calls and a conditional as Toil jobs and writes miniwdl results', () => {
    const r = run([
      fixture('scatter.wdl'),
      '-i',
      '{"w.names": ["a", "b"]}',
      '--outputDialect',
      'miniwdl',
      '-m',
      'out.json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(r.cwd, 'out.json'), 'utf8'));
    expect(results.outputs).toEqual({
      'w.all': [
        ['hello a 1', 'hello a 2'],
        ['hello b 1', 'hello b 2'],
      ],
      'w.m': 2,
    });
  }, 120_000);

  it('runs single_machine jobs in its own process from the built module, or in bundled workers when told', () => {
    const record = (extra: string[]) => {
      const r = run([
        fixture('scatter.wdl'),
        '-i',
        '{"w.names": ["a", "b"]}',
        '--jobStore',
        'js',
        '--clean',
        'never',
        ...extra,
      ]);
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({
        'w.all': [
          ['hello a 1', 'hello a 2'],
          ['hello b 1', 'hello b 2'],
        ],
        'w.m': 2,
      });
      return JSON.parse(readFileSync(join(r.cwd, 'js', 'shared', 'userModule.json'), 'utf8')) as Record<string, string>;
    };
    // In-process: the jobs import dist/jobs.js by path, nothing is bundled.
    expect(record([])).toMatchObject({
      mode: 'path',
      entry: fileURLToPath(new URL('../dist/jobs.js', import.meta.url)),
    });
    expect(record(['--no-inProcessJobs'])).toMatchObject({ mode: 'bundle' });
  }, 120_000);

  it('fails a task whose command exits non-zero, with the return code and the end of its stderr', () => {
    const r = run([fixture('fail.wdl'), '--retryCount', '0']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/Task 'boom' failed: its command exited with return code 3/);
    expect(r.stderr).toMatch(/about to fail/);
  }, 120_000);

  it('reports a syntax error in one line with file:line:col and a caret, without a stack trace', () => {
    const r = run([fixture('syntax.wdl')]);
    expect(r.status).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/syntax\.wdl:4:1: syntax error at '\}'/);
    expect(lines[2]).toBe('  ^');
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('names a missing required input and its type', () => {
    const r = run([fixture('scatter.wdl')]);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim()).toBe(
      "toil-wdl-runner: Missing required input 'w.names' (Array[String]): give it in the inputs JSON",
    );
  });
});
