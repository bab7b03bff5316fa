/**
 * dockerCall through the real CLI and real podman: a tool reads and writes the job's temp dir at /data, its
 * output comes back, files belong to the user running the job, environment and entrypoints reach the container,
 * limits come from the job's requirements, the network is off unless asked, and failures (a non-zero exit, a
 * missing image, a timeout) are failed jobs whose log says why, with no container left behind.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLines, toilRun } from './helpers/cli.js';
import { labelled, testLabel } from './helpers/containers.js';
import { tempDir } from './helpers/temp.js';

describe('dockerCall', () => {
  it('runs a tool on a file in /data and the job reads the file it wrote, owned by the invoking user', async () => {
    const dir = await tempDir();
    const result = await toilRun('containers.ts', join(dir, 'js'), 'countLines', [['a', "it's", 'b', "it's", 'c']]);
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(out).toEqual({
      count: 5,
      stdout: 'wrote out.txt in /data\n',
      owner: `${process.getuid?.()}:${process.getgid?.()}`,
      me: `${process.getuid?.()}:${process.getgid?.()}`,
      piped: '2',
    });
  });

  it("mounts the caller's volumes (read-only when asked) and runs as the user given, who owns what it writes", async () => {
    const dir = await tempDir();
    const input = join(dir, 'input');
    // World-writable, so only the read-only mount can stop the tool writing there.
    mkdirSync(input, { mode: 0o777 });
    chmodSync(input, 0o777);
    writeFileSync(join(input, 'in.txt'), 'from the host\n');
    const result = await toilRun('containers.ts', join(dir, 'js'), 'volumesAndUser', [input, '4321:4321']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      said: ['in-read-only', '4321'],
      copied: 'from the host\n',
      owner: '4321:4321',
    });
  });

  it('passes the environment and entrypoints, returns stderr only when asked, and gives no network', async () => {
    const dir = await tempDir();
    const result = await toilRun('containers.ts', join(dir, 'js'), 'envAndEntrypoint', []);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      env: 'hello|a b  c|/data',
      own: 'bash bash via entrypoint',
      both: 'out\nerr\n',
      quiet: '',
      network: ['lo'],
    });
  });

  it("limits the container to the job's cores and memory when asked", async () => {
    const dir = await tempDir();
    const result = await toilRun('containers.ts', join(dir, 'js'), 'limited', []);
    expect(result.code, result.stderr).toBe(0);
    // 64M of memory, and half a core as a CFS quota of 50 ms per 100 ms period (cgroup v1) or "50000 100000" (v2).
    expect(JSON.parse(result.stdout)).toEqual({
      memory: String(64 * 1024 * 1024),
      cpu: expect.stringMatching(/^50000( 100000)?$/),
    });
  });

  it("a tool's non-zero exit fails the job, with the tool's stderr in the job's log", async () => {
    const dir = await tempDir();
    const result = await toilRun('containers.ts', join(dir, 'js'), 'failingTool', [], ['--retryCount', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /ContainerFailedError: The container of 'docker\.io\/library\/alpine:latest' running .* exited with status 3; its stderr ends with:\n\S+\s+reading input\.fa\n\S+\s+fatal: input\.fa is not FASTA/,
    );
    expect(errorLines(result.stderr)).toEqual([
      expect.stringMatching(/^toil: The workflow failed: 1 job\(s\) ran out of retries \('containers\.failingTool' /),
    ]);
  });

  it('a missing image with no registry fails the job in one line naming the image', async () => {
    const dir = await tempDir();
    const started = Date.now();
    const result = await toilRun('containers.ts', join(dir, 'js'), 'missingImage', [], ['--retryCount', '0']);
    expect(result.code).toBe(1);
    const line = result.stderr.split('\n').find((l) => l.includes('ImageNotFoundError'));
    expect(line).toMatch(
      /ImageNotFoundError: The container image 'toil-test\/no-such-image:1\.0' \(docker\.io\/toil-test\/no-such-image:1\.0\) is not present locally and could not be pulled \(.+\)\. Load or build it first/,
    );
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it("kills and removes a container that runs past dockerCall's timeout", async () => {
    const dir = await tempDir();
    const label = testLabel('timeout');
    const started = Date.now();
    const result = await toilRun('containers.ts', join(dir, 'js'), 'timesOut', [label], ['--retryCount', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /ContainerTimeoutError: The container of '.*alpine:latest' ran longer than its timeout of 1 s and was killed/,
    );
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await labelled(label)).toEqual([]);
  });

  it('runs containerised jobs side by side on single_machine', async () => {
    const dir = await tempDir();
    const result = await toilRun('containers.ts', join(dir, 'js'), 'fanout', [6], ['--maxCores', '2']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toBe(15);
  });

  it('the engine comes from --containerEngine or TOIL_CONTAINER_ENGINE; an unknown one, or none on PATH, is one line saying what works', async () => {
    const dir = await tempDir();
    const unknown = await toilRun('containers.ts', join(dir, 'js1'), 'echoInContainer', [1], ['--retryCount', '0'], {
      env: { TOIL_CONTAINER_ENGINE: 'singularity' },
    });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /UnknownContainerEngineError: Unknown container engine 'singularity': use podman or docker \(in TOIL_CONTAINER_ENGINE or dockerCall's engine option\)\.\n/,
    );
    // An empty directory as PATH (workers start from node's absolute path): neither podman nor docker is found.
    const none = await toilRun('containers.ts', join(dir, 'js2'), 'echoInContainer', [1], ['--retryCount', '0'], {
      env: { PATH: dir, TOIL_CONTAINER_ENGINE: '' },
    });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(
      /ContainerEngineNotFoundError: No container engine found: neither podman nor docker is on PATH\. Install one \(apt-get install podman\), or put it on PATH\.\n/,
    );
    const chosen = await toilRun('containers.ts', join(dir, 'js3'), 'echoInContainer', [7], [], {
      env: { TOIL_CONTAINER_ENGINE: 'podman' },
    });
    expect(chosen.code, chosen.stderr).toBe(0);
    expect(JSON.parse(chosen.stdout)).toBe(7);
    // --containerEngine reaches the workers and wins over their environment; a bad value is the parser's line.
    const option = await toilRun(
      'containers.ts',
      join(dir, 'js4'),
      'echoInContainer',
      [8],
      ['--containerEngine', 'podman'],
      {
        env: { TOIL_CONTAINER_ENGINE: 'singularity' },
      },
    );
    expect(option.code, option.stderr).toBe(0);
    expect(JSON.parse(option.stdout)).toBe(8);
    const bad = await toilRun('containers.ts', join(dir, 'js5'), 'echoInContainer', [9], ['--containerEngine', 'rkt']);
    expect(bad.code).toBe(1);
    expect(errorLines(bad.stderr)).toEqual(['toil: Invalid --containerEngine "rkt": use one of: podman, docker']);
  });
});
