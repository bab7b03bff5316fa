/** Ctrl-C: the leader stops at once with a line saying how to resume, and --restart then finishes the workflow. */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_PATH, fixture, runNode, toilRun } from './helpers/cli.js';
import { processExists, waitForFiles, waitUntil } from './helpers/background.js';
import { tempDir } from './helpers/temp.js';

function interruptAfter(ms: number, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    setTimeout(() => child.kill('SIGINT'), ms);
    child.on('exit', (code) => done({ code, stderr }));
  });
}

describe('interrupting toil run', () => {
  it('exits 130 on SIGINT with a one-line hint, and --restart finishes the workflow', async () => {
    const store = join(await tempDir(), 'js');
    const args = ['run', fixture('workflows.ts'), store, '--job', 'fanout', '--args', '[3000]'];
    const interrupted = await interruptAfter(1500, args);
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain(
      `toil: interrupted by SIGINT. The job store ${store} is kept; run the same command with --restart to resume.`,
    );
    const resumed = await toilRun('workflows.ts', store, 'fanout', [3000], ['--restart']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toBe((2999 * 3000 * 5999) / 6);
  });

  it('stops a workflow script run through Toil.main cleanly on SIGTERM (toil kill): its workers end, exit 143', async () => {
    const dir = await tempDir();
    const store = join(dir, 'js');
    const child = spawn(process.execPath, [fixture('main-blocking.js'), store, '--args', JSON.stringify([dir])], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    await waitForFiles([join(dir, 'started')]);
    const worker = Number(readFileSync(join(dir, 'started'), 'utf8'));
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(stderr).toContain(
      `toil: interrupted by SIGTERM. The job store ${store} is kept; run the same command with --restart to resume.`,
    );
    // The batch system was shut down before the exit: the worker running the blocked job is gone.
    await waitUntil('the worker to exit', () => !processExists(worker), 5000);
    writeFileSync(join(dir, 'release'), '');
    const resumed = await runNode([fixture('main-blocking.js'), store, '--restart']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toBe('released');
  });
});
