/**
 * `toil run --batchSystem slurm` on the real one-node Slurm cluster that `npm test` starts on this machine
 * (tooling/start-slurm.sh): fanout, requests visible to Slurm, retries, a job cancelled from outside, and a leader
 * killed with -9 then restarted.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startToil } from './crash-helpers.js';
import { fixture, runToil, toilRun } from './helpers/cli.js';
import { requireSlurm, sh, waitForFileText } from './helpers/hpc.js';
import { tempDir } from './helpers/temp.js';

const SLURM = ['--batchSystem', 'slurm', '--statePollingWait', '0.5'];

describe('toil run --batchSystem slurm (real local Slurm)', { timeout: 240_000 }, () => {
  beforeAll(requireSlurm);

  /** Run the 12-child fanout; return the names of the output files in the workflow's work directory. */
  async function fanoutLogs(extra: string[]): Promise<string[]> {
    const dir = await tempDir();
    const result = await toilRun(
      'workflows.ts',
      join(dir, 'js'),
      'fanout',
      [12],
      [...SLURM, '--workDir', dir, '--cleanWorkDir', 'never', ...extra],
    );
    expect(result.stderr).not.toMatch(/ERROR/);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(String(Array.from({ length: 12 }, (_, i) => i * i).reduce((a, b) => a + b)));
    const [workflowDir] = readdirSync(dir).filter((name) => name.startsWith('toil-'));
    return readdirSync(join(dir, workflowDir));
  }

  it("runs a fanout's children as one job array, each task's output under Toil's file names with its task ID", async () => {
    const logs = await fanoutLogs([]);
    // The 12 children are array tasks <array>_<index>; the root and the follow-on are lone jobs.
    expect(logs.filter((name) => /^toil_job_\d+_batch_slurm_\d+_\d+_std_output\.log$/.test(name))).toHaveLength(12);
    expect(logs.filter((name) => /^toil_job_\d+_batch_slurm_\d+_\d+_std_error\.log$/.test(name))).toHaveLength(12);
    expect(
      logs.filter((name) => /^toil_job_\d+_batch_slurm_\d+_std_output\.log$/.test(name)).length,
    ).toBeGreaterThanOrEqual(1);
  });

  it('submits every job on its own with --slurmJobArrays false', async () => {
    const logs = await fanoutLogs(['--slurmJobArrays', 'false']);
    // The root, 12 children and the follow-on (which chaining may fold into a child's worker).
    expect(
      logs.filter((name) => /^toil_job_\d+_batch_slurm_\d+_std_output\.log$/.test(name)).length,
    ).toBeGreaterThanOrEqual(13);
    expect(logs.filter((name) => /_\d+_\d+_std_output\.log$/.test(name))).toEqual([]);
  });

  it("asks Slurm for the job's cores and memory (scontrol show job, seen from inside the job)", async () => {
    const dir = await tempDir();
    const result = await toilRun('hpc.ts', join(dir, 'js'), 'slurmSelf', [], SLURM);
    expect(result.code, result.stderr).toBe(0);
    const { details } = JSON.parse(result.stdout) as { id: string; details: string };
    expect(details).toMatch(/NumCPUs=2\b/);
    expect(details).toMatch(/\bmem=300M\b/);
    expect(details).toMatch(/JobName=toil_job_\d+_hpc.slurmSelf/);
  });

  it('retries a job that fails once, and fails the workflow with the log of a job that always fails', async () => {
    const dir = await tempDir();
    const retried = await toilRun('retries.ts', join(dir, 'a'), 'flakyOnce', [dir], [...SLURM, '--retryCount', '1']);
    expect(retried.code, retried.stderr).toBe(0);
    expect(JSON.parse(retried.stdout)).toBe('recovered');
    expect(retried.stderr).toMatch(/Job 'retry\.flakyOnce' \S+ failed; 1 try left/);

    const failed = await toilRun('retries.ts', join(dir, 'b'), 'alwaysFails', [], [...SLURM, '--retryCount', '0']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('this job always fails');
    expect(failed.stderr).toMatch(/^toil: The workflow failed: 1 job\(s\) ran out of retries/m);
  });

  it('reruns a job that an administrator cancels with scancel', async () => {
    const dir = await tempDir();
    const marker = join(dir, 'slurm-job-id');
    const run = startToil(
      [
        fixture('hpc.ts'),
        join(dir, 'js'),
        '--job',
        'killedOnce',
        '--args',
        JSON.stringify([marker]),
        ...SLURM,
        '--retryCount',
        '1',
      ],
      'slurm-scancel',
    );
    const slurmId = (await waitForFileText(marker)).trim();
    expect(slurmId).toMatch(/^\d+$/);
    sh('scancel', [slurmId]);
    const ended = await run.ended;
    expect(ended.code, ended.stderr).toBe(0);
    expect(JSON.parse(ended.stdout)).toBe('rerun after the kill');
    expect(ended.stderr).toMatch(/failed; 1 try left/);
  });

  it('finishes with --restart after the leader is killed with -9 while Slurm jobs run', async () => {
    const dir = await tempDir();
    const store = join(dir, 'js');
    const args = [fixture('hpc.ts'), store, '--job', 'slowFanout', '--args', JSON.stringify([6, 3000]), ...SLURM];
    const run = startToil(args, 'slurm-kill9');
    // Kill once Slurm runs some of the children.
    const deadline = Date.now() + 60_000;
    while (!/hpc\.slowChild/.test(sh('squeue', ['-h', '-t', 'running', '-o', '%j'])) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    run.child.kill('SIGKILL');
    await run.ended;
    const restarted = await startToil([...args, '--restart'], 'slurm-kill9').ended;
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(JSON.parse(restarted.stdout)).toBe(15);
  });

  it('toil kill from another shell stops the leader and cancels its queued and running Slurm jobs', async () => {
    const dir = await tempDir();
    const store = join(dir, 'js');
    const run = startToil(
      [fixture('hpc.ts'), store, '--job', 'slowFanout', '--args', JSON.stringify([8, 60_000]), ...SLURM],
      'slurm-toil-kill',
    );
    // Two children run on the node's two cores; the other six wait in the queue.
    let ours: string[] = [];
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const rows = sh('squeue', ['-h', '-r', '-o', '%i|%j|%T'])
        .trim()
        .split('\n')
        .filter((row) => row.includes('hpc.slowChild'));
      if (rows.some((row) => row.endsWith('|RUNNING')) && rows.some((row) => row.endsWith('|PENDING'))) {
        ours = rows.map((row) => row.split('|')[0]);
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(ours.length).toBeGreaterThanOrEqual(2);
    const killed = await runToil(['kill', store]);
    expect(killed.code, killed.stderr).toBe(0);
    const ended = await run.ended;
    expect(ended.code).not.toBe(0);
    expect(ended.stderr).toMatch(/--restart/);
    // Nothing of ours is left queued or running.
    const left = sh('squeue', ['-h', '-r', '-t', 'pending,running', '-o', '%i'])
      .split('\n')
      .filter((id) => ours.includes(id.trim()));
    expect(left).toEqual([]);
  });

  it('rides out a Slurm controller that stops answering for 20 s, and finishes the workflow', async () => {
    const dir = await tempDir();
    const run = startToil(
      [fixture('hpc.ts'), join(dir, 'js'), '--job', 'slowFanout', '--args', JSON.stringify([4, 2000]), ...SLURM],
      'slurm-outage',
    );
    const deadline = Date.now() + 60_000;
    while (!/hpc\.slowChild/.test(sh('squeue', ['-h', '-o', '%j'])) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    // SIGSTOP keeps slurmctld's sockets open but silent: every Slurm command hangs until it times out, as with an
    // overloaded or partitioned controller. Its children keep running and report in once it is back.
    const controller = Number(
      readFileSync(join(process.env.SLURM_TEST_STATE ?? '/var/spool/slurm-test', 'slurmctld.pid'), 'utf8'),
    );
    process.kill(controller, 'SIGSTOP');
    try {
      await new Promise((r) => setTimeout(r, 20_000));
    } finally {
      process.kill(controller, 'SIGCONT');
    }
    const ended = await run.ended;
    expect(ended.code, ended.stderr).toBe(0);
    expect(JSON.parse(ended.stdout)).toBe(6);
    expect(ended.stderr).toMatch(/WARNING toil: Could not query Slurm for job states .*retrying in/);
  });

  describe('bad input', () => {
    it('refuses at once, in one line and before any job store exists, when Slurm commands are not on PATH', async () => {
      const dir = await tempDir();
      const bin = join(dir, 'bin');
      mkdirSync(bin);
      symlinkSync(process.execPath, join(bin, 'node'));
      const result = await toilRun('workflows.ts', join(dir, 'js'), 'hello', ['x'], SLURM, { env: { PATH: bin } });
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(
        "toil: --batchSystem slurm needs Slurm's commands, but 'sbatch', 'squeue', 'scancel', 'scontrol' are not on PATH. Install the Slurm client commands on this host, or choose another --batchSystem.",
      );
      expect(existsSync(join(dir, 'js'))).toBe(false);
    });

    it('refuses TOIL_SLURM_ARGS that set what Toil sets, quoting them, before any job store exists', async () => {
      const dir = await tempDir();
      const result = await toilRun('workflows.ts', join(dir, 'js'), 'hello', ['x'], SLURM, {
        env: { TOIL_SLURM_ARGS: '--mem=4G' },
      });
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(
        `toil: Invalid TOIL_SLURM_ARGS "--mem=4G": remove '--mem=4G': Toil sets cores, memory, job name and output files from each job`,
      );
      expect(existsSync(join(dir, 'js'))).toBe(false);
    });

    it("fails the workflow with sbatch's reason when Slurm refuses every submission (unknown partition)", async () => {
      const dir = await tempDir();
      const result = await toilRun('workflows.ts', join(dir, 'js'), 'hello', ['x'], [...SLURM, '--retryCount', '1'], {
        env: { TOIL_SLURM_ARGS: '--partition=nosuch' },
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /Slurm refused job \d+ \(hello\): sbatch: error: invalid partition specified: nosuch/,
      );
      expect(result.stderr).toMatch(/^toil: The workflow failed: 1 job\(s\) ran out of retries/m);
    });
  });
});
