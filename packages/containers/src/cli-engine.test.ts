import { describe, expect, it } from 'vitest';
import { DockerEngine } from './docker.js';
import { PodmanEngine } from './podman.js';

const spec = {
  name: 'toil-x',
  image: 'docker.io/library/bash:4.4',
  entrypoint: ['/bin/bash', '-c'],
  command: ['echo hi'],
  workingDir: '/data',
  env: { A: '1' },
  mounts: [{ host: '/tmp/job', container: '/data', mode: 'rw' as const }],
  user: '1000:1000',
  network: 'none',
  cpus: 0.5,
  memoryBytes: 64 * 1024 * 1024,
  labels: { 'org.toil.job': 'j1' },
};

describe('runArgs', () => {
  it('builds the same docker-compatible command line for podman and docker', () => {
    const expected = [
      'run',
      '--rm',
      '--name',
      'toil-x',
      '--pull=never',
      '--network=none',
      '--label',
      'org.toil.job=j1',
      '--volume',
      '/tmp/job:/data:rw',
      '--env',
      'A=1',
      '--workdir',
      '/data',
      '--user',
      '1000:1000',
      '--cpus=0.5',
      '--memory=67108864b',
      '--entrypoint=/bin/bash',
      'docker.io/library/bash:4.4',
      '-c',
      'echo hi',
    ];
    expect(new PodmanEngine('/usr/bin/podman').runArgs(spec)).toEqual(expected);
    expect(new DockerEngine('/usr/bin/docker').runArgs(spec)).toEqual(expected);
  });

  it('never passes --userns=keep-id, which root podman refuses', () => {
    expect(new PodmanEngine('/usr/bin/podman').runArgs(spec).join(' ')).not.toContain('keep-id');
  });

  it('an empty entrypoint list clears the image entrypoint', () => {
    const args = new PodmanEngine('/usr/bin/podman').runArgs({ ...spec, entrypoint: [], command: ['ls'] });
    expect(args.slice(-3)).toEqual(['--entrypoint=', 'docker.io/library/bash:4.4', 'ls']);
  });

  it('maps users so files in mounts belong to the invoking user', () => {
    const uid = process.getuid?.();
    const gid = process.getgid?.();
    expect(new DockerEngine('/usr/bin/docker').defaultUser()).toBe(`${uid}:${gid}`);
    // Rootful podman runs as the invoking uid:gid; rootless podman maps the invoking user to container root.
    expect(new PodmanEngine('/usr/bin/podman').defaultUser()).toBe(uid === 0 ? `0:${gid}` : '0:0');
  });
});
