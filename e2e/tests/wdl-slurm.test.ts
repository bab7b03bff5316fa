/**
 * `toil-wdl-runner --batchSystem slurm` on the real one-node Slurm cluster that `npm test` starts on this machine
 * (tooling/start-slurm.sh): a WDL workflow with a 20-way scatter, its task outputs moving through the job store and
 * exported with --outputDirectory; the same workflow killed with -9 mid-run and finished with --restart to the same
 * outputs; `toil status` and `toil stats` naming the WDL calls.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, runNode, runToil } from './helpers/cli.js';
import { requireSlurm, sh } from './helpers/hpc.js';
import { tempDir } from './helpers/temp.js';

const RUNNER = resolve(import.meta.dirname, '../../packages/wdl/dist/cli.js');
const WDL = fixture('wdl/scatter20.wdl');
const SLURM = ['--batchSystem', 'slurm', '--statePollingWait', '0.5', '--container', 'none'];
const SQUARES = Array.from({ length: 20 }, (_, i) => i * i);

/** `toil-wdl-runner scatter20.wdl` with the given pause per task, on Slurm, keeping the job store. */
function runnerArgs(dir: string, pause: number, extra: string[] = []): string[] {
  return [
    RUNNER,
    WDL,
    '-i',
    JSON.stringify({ 'scatter20.pause': pause }),
    '--jobStore',
    join(dir, 'js'),
    '--outputDirectory',
    join(dir, 'out'),
    '--clean',
    'never',
    '--stats',
    ...SLURM,
    ...extra,
  ];
}

describe('toil-wdl-runner on the real local Slurm', { timeout: 600_000 }, () => {
  beforeAll(requireSlurm);

  it('runs a 20-way scatter as Slurm jobs, exports its files, and toil status/stats name the calls', async () => {
    const dir = await tempDir();
    const result = await runNode(runnerArgs(dir, 0), { timeoutMs: 540_000 });
    expect(result.code, result.stderr).toBe(0);
    const outputs = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(outputs['scatter20.squares']).toEqual(SQUARES);
    expect(outputs['scatter20.sum']).toBe(2470);
    // The listing File of the last call, exported from the job store to the output directory.
    expect(outputs['scatter20.listing']).toBe(join(dir, 'out', 'listing.txt'));
    expect(
      readFileSync(join(dir, 'out', 'listing.txt'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(20);

    const stats = await runToil(['stats', join(dir, 'js')]);
    expect(stats.code, stats.stderr).toBe(0);
    expect(stats.stdout).toContain('Batch System: slurm');
    // One job per call of the scatter, and one task run each, under the call's and the task's names.
    expect(stats.stdout).toMatch(/^ square\n(.*\n){3}\s+20 \|/m);
    expect(stats.stdout).toMatch(/^ task square\n(.*\n){3}\s+20 \|/m);
    expect(stats.stdout).toMatch(/^ total\n/m);
    const status = await runToil(['status', join(dir, 'js')]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('completed successfully');
  });

  it('finishes with --restart after the runner is killed with -9 while the scatter runs, to the same outputs', async () => {
    const dir = await tempDir();
    const child = spawn(process.execPath, runnerArgs(dir, 2), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const ended = new Promise<void>((done) => child.on('close', () => done()));
    // Kill once Slurm runs some of the scatter's jobs (their Slurm job names carry the call's name).
    const deadline = Date.now() + 300_000;
    while (!/square/.test(sh('squeue', ['-h', '-t', 'running', '-o', '%j'])) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 250));
    expect(Date.now() < deadline, stderr).toBe(true);
    child.kill('SIGKILL');
    await ended;

    const restarted = await runNode([...runnerArgs(dir, 2), '--restart'], { timeoutMs: 540_000 });
    expect(restarted.code, restarted.stderr).toBe(0);
    const outputs = JSON.parse(restarted.stdout) as Record<string, unknown>;
    expect(outputs['scatter20.squares']).toEqual(SQUARES);
    expect(outputs['scatter20.sum']).toBe(2470);
    expect(
      readFileSync(join(dir, 'out', 'listing.txt'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(20);
  });
});
