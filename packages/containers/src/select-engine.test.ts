import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ContainerEngineNotFoundError, UnknownContainerEngineError } from './errors.js';
import { findOnPath, selectEngine } from './select-engine.js';

// Directories holding stand-in executables: selection only looks for the commands on PATH, it never runs them.
const root = mkdtempSync(join(tmpdir(), 'toil-engines-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function binDir(name: string, commands: string[]): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const command of commands) writeFileSync(join(dir, command), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  return dir;
}

describe('selectEngine', () => {
  it('takes podman before docker when both are on PATH, docker when it is the only one', () => {
    const both = binDir('both', ['docker', 'podman']);
    expect(selectEngine(undefined, { PATH: both }).ref).toEqual({ name: 'podman', command: join(both, 'podman') });
    const onlyDocker = binDir('docker-only', ['docker']);
    expect(selectEngine(undefined, { PATH: onlyDocker }).ref).toEqual({
      name: 'docker',
      command: join(onlyDocker, 'docker'),
    });
  });

  it('follows TOIL_CONTAINER_ENGINE, and an explicit name over it', () => {
    const both = binDir('both2', ['docker', 'podman']);
    expect(selectEngine(undefined, { PATH: both, TOIL_CONTAINER_ENGINE: 'docker' }).ref.name).toBe('docker');
    expect(selectEngine('podman', { PATH: both, TOIL_CONTAINER_ENGINE: 'docker' }).ref.name).toBe('podman');
  });

  it('refuses an unknown engine name, quoting it', () => {
    expect(() => selectEngine('rkt', { PATH: '/usr/bin' })).toThrow(UnknownContainerEngineError);
    expect(() => selectEngine(undefined, { PATH: '/usr/bin', TOIL_CONTAINER_ENGINE: 'singularity' })).toThrow(
      /^Unknown container engine 'singularity': use podman or docker/,
    );
  });

  it('says which engine is missing, or that none is, in one line', () => {
    const empty = binDir('empty', []);
    expect(() => selectEngine(undefined, { PATH: empty })).toThrow(ContainerEngineNotFoundError);
    expect(() => selectEngine(undefined, { PATH: empty })).toThrow(
      /^No container engine found: neither podman nor docker is on PATH\. Install one/,
    );
    expect(() => selectEngine('docker', { PATH: empty })).toThrow(/^The container engine 'docker' is not on PATH/);
  });

  it('findOnPath skips directories without the command', () => {
    expect(findOnPath('sh', '/nonexistent:/bin')).toBe('/bin/sh');
    expect(findOnPath('no-such-command-here', '/bin:/usr/bin')).toBeUndefined();
  });
});
