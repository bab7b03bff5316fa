/**
 * dockerCall on the docker engine: a private dockerd (Debian's docker.io) started for this file by
 * tooling/start-dockerd.sh, with the test images loaded from podman's storage, and stopped afterwards.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DockerEngine, findOnPath, removeLabelled } from '@toil/containers';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { fixture, toilRun } from './helpers/cli.js';
import { processExists, startToil, waitUntil } from './helpers/background.js';
import { tempDir } from './helpers/temp.js';

const tooling = resolve(import.meta.dirname, '../../tooling');
const daemonDir = mkdtempSync(join(tmpdir(), 'toil-dockerd-'));
let env: Record<string, string> = {};
let docker: DockerEngine;

beforeAll(() => {
  const host = execFileSync('bash', [join(tooling, 'start-dockerd.sh'), daemonDir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 300_000,
  }).trim();
  env = { TOIL_CONTAINER_ENGINE: 'docker', DOCKER_HOST: host };
  // This process's engine commands (listing, cleanup) go to the same daemon.
  process.env.DOCKER_HOST = host;
  docker = new DockerEngine(findOnPath('docker') ?? 'docker');
}, 300_000);

afterAll(() => {
  execFileSync('bash', [join(tooling, 'stop-dockerd.sh'), daemonDir], { stdio: 'inherit', timeout: 60_000 });
}, 60_000);

/** A label unique to the test; its containers are removed when the test ends. */
function testLabel(prefix: string): string {
  const label = `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
  onTestFinished(async () => {
    await removeLabelled(docker, { 'org.toil.test': label });
  });
  return label;
}

describe('dockerCall with TOIL_CONTAINER_ENGINE=docker', () => {
  it('runs the tool on /data, files owned by the invoking user, pipelines and env as with podman', async () => {
    const dir = await tempDir();
    const since = String(Math.floor(Date.now() / 1000) - 1);
    const result = await toilRun('containers.ts', join(dir, 'js'), 'countLines', [['x', "it's"]], [], { env });
    expect(result.code, result.stderr).toBe(0);
    const me = `${process.getuid?.()}:${process.getgid?.()}`;
    expect(JSON.parse(result.stdout)).toEqual({
      count: 2,
      stdout: 'wrote out.txt in /data\n',
      owner: me,
      me,
      piped: '1',
    });
    // The daemon really ran them: its event log has the two starts of this job's containers.
    const until = String(Math.floor(Date.now() / 1000) + 1);
    const starts = execFileSync(
      'docker',
      ['events', '--since', since, '--until', until, '--filter', 'event=start', '--format', '{{.From}}'],
      { encoding: 'utf8' },
    );
    expect(starts.trim().split('\n')).toEqual([
      'docker.io/library/debian:stable-slim',
      'docker.io/library/debian:stable-slim',
    ]);
  });

  it("a non-zero exit fails the job with the tool's stderr; a missing image is one line naming it", async () => {
    const dir = await tempDir();
    const failed = await toilRun('containers.ts', join(dir, 'js1'), 'failingTool', [], ['--retryCount', '0'], { env });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/exited with status 3; its stderr ends with:\n\S+\s+reading input\.fa\n/);
    const missing = await toilRun('containers.ts', join(dir, 'js2'), 'missingImage', [], ['--retryCount', '0'], {
      env,
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /ImageNotFoundError: The container image 'toil-test\/no-such-image:1\.0' \(docker\.io\/toil-test\/no-such-image:1\.0\) is not present locally and could not be pulled \(Error response from daemon: .+\)\./,
    );
  });

  it('kill -9 of the worker: the next worker removes its docker container', async () => {
    const dir = await tempDir();
    const label = testLabel('docker-kill-9');
    const marker = join(dir, 'worker-pid');
    const args = ['run', fixture('containers.ts'), join(dir, 'js'), '--job', 'sleeper', '--args'];
    const leader = startToil([...args, JSON.stringify([label, marker])], env);
    await waitUntil('the docker container runs', async () =>
      (await docker.list({ 'org.toil.test': label })).some((c) => c.state === 'running'),
    );
    const worker = Number(readFileSync(marker, 'utf8'));
    expect(processExists(worker)).toBe(true);
    process.kill(worker, 'SIGKILL');
    const result = await leader.done;
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toBe('retried');
    expect(await docker.list({ 'org.toil.test': label })).toEqual([]);
  });

  it('docker with no daemon to reach is one line saying so', async () => {
    const dir = await tempDir();
    const result = await toilRun('containers.ts', join(dir, 'js'), 'echoInContainer', [1], ['--retryCount', '0'], {
      env: { ...env, DOCKER_HOST: `unix://${join(dir, 'no-daemon.sock')}` },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /ContainerEngineUnavailableError: The container engine 'docker' cannot run containers: Cannot connect to the Docker daemon at unix:\/\/.*no-daemon\.sock\. Is the docker daemon running\?\. Start it/,
    );
  });
});
