// Measuring helpers for bench/run.mjs: run the real CLI as a child process and time it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const e2eDir = resolve(here, '..');
export const cliPath = resolve(e2eDir, '../apps/cli/dist/cli.js');
export const fixture = (name) => join(e2eDir, 'fixtures', name);

/** A fresh scratch directory; removed by `cleanup()`. */
export function scratch(prefix = 'toil-bench-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Peak resident set (VmHWM) of a live process in KiB, or undefined once it is gone. */
function peakRssKiB(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `toil run <module> <jobStore> --job <job> --args <json> ...extra` as a child process. The child is the leader
 * itself (node runs cli.js directly), so sampling its /proc status gives the leader's peak RSS, not the workers'.
 * VmHWM only grows, so the last sample before exit is the peak up to the last 20 ms.
 */
export async function runToil({ module, jobStore, job, args = [], extra = [] }) {
  const argv = [cliPath, 'run', module, jobStore, '--job', job, '--args', JSON.stringify(args), ...extra];
  const started = performance.now();
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  let peakKiB = 0;
  const sampler = setInterval(() => (peakKiB = Math.max(peakKiB, peakRssKiB(child.pid) ?? 0)), 20);
  const code = await new Promise((res) => child.on('exit', (c, signal) => res(c ?? signal)));
  const wallMs = performance.now() - started;
  clearInterval(sampler);
  if (code !== 0)
    throw new Error(`toil run ${job} ${JSON.stringify(args)} exited with ${code}:\n${stderr.slice(-4000)}`);
  const leader = /Finished the workflow in ([\d.]+) s/.exec(stderr);
  return {
    wallMs,
    leaderMs: leader ? Number(leader[1]) * 1000 : undefined,
    peakRssMiB: peakKiB / 1024,
    result: JSON.parse(stdout.trim()),
  };
}

/** Time a plain command (e.g. cp). */
export async function timeCommand(cmd, args) {
  const started = performance.now();
  const child = spawn(cmd, args, { stdio: 'inherit' });
  const code = await new Promise((res) => child.on('exit', res));
  if (code !== 0) throw new Error(`${cmd} exited with ${code}`);
  return performance.now() - started;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Throw unless a workflow returned what it should (a benchmark of a wrong answer is worthless). */
export function expectEqual(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected))
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
