/**
 * The command line each tool job logs (`[tool ...] argv`): shown by the leader at INFO and kept in job logs with
 * --writeLogs, and not sent at all under --quiet (a log record per tool job otherwise). Runs the built CLI.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'cwl-tool-log-'));
writeFileSync(
  join(dir, 'echo.cwl'),
  [
    'cwlVersion: v1.2',
    'class: CommandLineTool',
    'baseCommand: echo',
    'inputs:',
    '  word: {type: string, inputBinding: {position: 1}}',
    'stdout: out.txt',
    'outputs:',
    '  out: stdout',
  ].join('\n'),
);
writeFileSync(join(dir, 'job.json'), JSON.stringify({ word: 'marker-word-42' }));

function run(...args: string[]) {
  const outdir = mkdtempSync(join(dir, 'out-'));
  const result = spawnSync(process.execPath, [cli, '--outdir', outdir, ...args, 'echo.cwl', 'job.json'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(result.status, result.stderr).toBe(0);
  expect(readFileSync(join(outdir, 'out.txt'), 'utf8')).toBe('marker-word-42\n');
  return result;
}

describe("a tool job's command line", { timeout: 120_000 }, () => {
  it('is printed by the leader at INFO', () => {
    const { stderr } = run('--logLevel', 'INFO');
    expect(stderr).toMatch(/Got message from job .*\[tool [^\]]*echo\.cwl\] echo marker-word-42/);
  });

  it('is not printed under --quiet', () => {
    const { stderr } = run('--quiet');
    expect(stderr).not.toContain('marker-word-42');
    expect(stderr).not.toContain('Got message from job');
  });

  it("is kept in the job's log file with --writeLogs --writeLogsFromAllJobs, even under --quiet", () => {
    const logs = mkdtempSync(join(dir, 'logs-'));
    run('--quiet', '--writeLogs', logs, '--writeLogsFromAllJobs');
    const texts = readdirSync(logs).map((name) => readFileSync(join(logs, name), 'utf8'));
    expect(texts.some((text) => text.includes('echo marker-word-42'))).toBe(true);
  });
});
