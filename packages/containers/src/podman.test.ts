/**
 * The podman engine against the real podman and the images tooling/build-images.sh loads (run-tests.sh builds
 * them before the tests).
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it, onTestFinished } from 'vitest';
import { removeLabelled } from './cleanup.js';
import { ImageNotFoundError } from './errors.js';
import { PodmanEngine } from './podman.js';
import { runContainer } from './run-container.js';
import { findOnPath } from './select-engine.js';

const podman = new PodmanEngine(findOnPath('podman') ?? 'podman');
/** A label unique to the test, whose containers are removed when it ends, pass or fail. */
function testLabel(): Record<string, string> {
  const labels = { 'org.toil.test': `podman-unit-${randomBytes(4).toString('hex')}` };
  onTestFinished(async () => {
    await removeLabelled(podman, labels);
  });
  return labels;
}

describe('PodmanEngine', () => {
  it('finds a local image by its short name and qualifies it without pulling', async () => {
    expect(await podman.imageExists('debian:stable-slim')).toBe(true);
    expect(await podman.ensureImage('debian:stable-slim')).toBe('docker.io/library/debian:stable-slim');
    expect(await podman.imageExists('docker.io/library/no-such-image-here:1')).toBe(false);
  });

  it('a missing image with no registry is one line naming the image', async () => {
    const error = await podman.ensureImage('no-such-image-here:1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageNotFoundError);
    const message = (error as Error).message;
    expect(message).toMatch(
      /^The container image 'no-such-image-here:1' \(docker\.io\/library\/no-such-image-here:1\)/,
    );
    expect(message).not.toContain('\n');
    // The quoted detail is the engine's error, not its "Trying to pull" progress line.
    expect(message).toMatch(/could not be pulled \(Error: /);
  });

  it('runs a container with labels, env, workdir and entrypoint, and removes it at the end', async () => {
    const labels = testLabel();
    const name = `toil-unit-${randomBytes(4).toString('hex')}`;
    const out = await runContainer(
      podman,
      {
        name,
        image: 'docker.io/library/debian:stable-slim',
        entrypoint: ['/bin/sh', '-c'],
        command: ['echo "$GREETING from $(pwd) as $(id -u)"'],
        workingDir: '/tmp',
        env: { GREETING: 'hello there' },
        mounts: [],
        user: podman.defaultUser(),
        network: 'none',
        labels,
      },
      { stdout: true, stderr: false },
    );
    expect(out).toBe(`hello there from /tmp as ${process.getuid?.()}\n`);
    expect(await podman.list(labels)).toEqual([]);
  });

  it('lists running containers by label and kills them at once', async () => {
    const labels = testLabel();
    const name = `toil-unit-${randomBytes(4).toString('hex')}`;
    const run = runContainer(
      podman,
      {
        name,
        image: 'docker.io/library/alpine:latest',
        command: ['sleep', '300'],
        env: {},
        mounts: [],
        network: 'none',
        labels,
      },
      { stdout: true, stderr: true },
    ).catch((e: unknown) => e);
    let listed: { name: string; state: string }[] = [];
    for (let i = 0; i < 100 && listed.length === 0; i++) {
      listed = await podman.list(labels);
      if (!listed.length) await new Promise((r) => setTimeout(r, 100));
    }
    expect(listed).toEqual([expect.objectContaining({ name, state: 'running' })]);
    const started = Date.now();
    expect(await removeLabelled(podman, labels)).toEqual([name]);
    // `sleep` as PID 1 ignores SIGTERM: only a kill without grace period ends it this fast.
    expect(Date.now() - started).toBeLessThan(5000);
    const outcome = await run;
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toMatch(/exited with status 137/);
    expect(await podman.list(labels)).toEqual([]);
  });
});
