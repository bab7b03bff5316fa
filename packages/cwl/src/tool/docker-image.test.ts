import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../expr/sandbox.js';
import { loadProcess } from '../loader/load.js';
import type { RunContext } from '../runtime/context.js';
import { runBound } from '../runtime/run-process.js';

// Real podman with the local images of tooling/build-images.sh; the images these tests make are removed after.
const dir = mkdtempSync(join(tmpdir(), 'cwl-docker-image-'));
const sandbox = new Sandbox(20_000);
const BUILT = 'localhost/toil-cwl-test-built:1';
const LOADED = 'localhost/toil-cwl-test-loaded:1';
const podman = (...args: string[]) => execFileSync('podman', args, { encoding: 'utf8' });
const removeImage = (name: string) => execFileSync('podman', ['rmi', '--force', name], { stdio: 'ignore' });
const imageExists = (name: string) => {
  try {
    podman('image', 'exists', name);
    return true;
  } catch {
    return false;
  }
};

function context(extra: Partial<RunContext> = {}): RunContext {
  return { sandbox, workRoot: mkdtempSync(join(dir, 'run-')), containers: true, log: () => {}, ...extra };
}

function tool(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, ['cwlVersion: v1.2', 'class: CommandLineTool', ...lines, ''].join('\n'));
  return path;
}

/** Runs the tool and reads back its `out` output file. */
async function outText(path: string, run: RunContext): Promise<string> {
  const outputs = await runBound(loadProcess(path), {}, dir, { requirements: [], hints: [] }, run);
  return readFileSync(String((outputs.out as { path: string }).path), 'utf8');
}

afterAll(async () => {
  await sandbox.close();
  for (const name of [BUILT, LOADED]) removeImage(name);
  rmSync(dir, { recursive: true, force: true });
});

describe('DockerRequirement images', () => {
  it('builds a dockerFile offline from a local base image, tags it dockerImageId and runs the tool in it', async () => {
    removeImage(BUILT);
    const path = tool('built.cwl', [
      'requirements:',
      '  DockerRequirement:',
      `    dockerImageId: ${BUILT}`,
      '    dockerFile: |',
      '      FROM docker.io/library/debian:stable-slim',
      '      RUN echo built-by-cwl > /built.txt',
      'inputs: []',
      'baseCommand: [cat, /built.txt]',
      'stdout: out.txt',
      'outputs: {out: stdout}',
    ]);
    expect(await outText(path, context())).toBe('built-by-cwl\n');
    expect(imageExists(BUILT)).toBe(true);
  }, 300_000);

  it('loads a dockerLoad archive (a path relative to the document) under dockerImageId and runs the tool in it', async () => {
    removeImage(LOADED);
    podman('save', '--output', join(dir, 'image.tar'), 'docker.io/library/debian:stable-slim');
    const path = tool('loaded.cwl', [
      'requirements:',
      `  DockerRequirement: {dockerLoad: image.tar, dockerImageId: "${LOADED}"}`,
      'inputs: []',
      'baseCommand: [sh, -c, "test -f /run/.containerenv && cat /etc/debian_version"]',
      'stdout: out.txt',
      'outputs: {out: stdout}',
    ]);
    expect(await outText(path, context())).toMatch(/^\d+(\.\d+)*\n$/);
    expect(imageExists(LOADED)).toBe(true);
  }, 300_000);

  it('runs a tool without DockerRequirement in the --default-container image, and on the host without it', async () => {
    const path = tool('plain.cwl', [
      'inputs: []',
      // podman writes /run/.containerenv into every container: present only when the tool runs in one.
      'baseCommand: [sh, -c, "if test -f /run/.containerenv; then echo container; else echo host; fi"]',
      'stdout: out.txt',
      'outputs: {out: stdout}',
    ]);
    expect(await outText(path, context({ defaultContainer: 'docker.io/library/debian:stable-slim' }))).toBe(
      'container\n',
    );
    expect(await outText(path, context())).toBe('host\n');
  }, 120_000);

  it('refuses a dockerLoad archive that does not exist, naming it', async () => {
    const path = tool('missing.cwl', [
      'requirements: {DockerRequirement: {dockerLoad: no-such.tar}}',
      'inputs: []',
      'baseCommand: "true"',
      'outputs: []',
    ]);
    await expect(outText(path, context())).rejects.toThrow(
      `dockerLoad: the image archive '${join(dir, 'no-such.tar')}' does not exist; give an existing path.`,
    );
  });
});
