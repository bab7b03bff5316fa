/**
 * toil-wdl-runner with a task whose runtime names an image (`docker: "ubuntu:24.04"`): the command runs in that
 * image on the real podman (tooling/build-images.sh loads the local images; its ubuntu tags are stand-ins built
 * from Debian 12, codename bookworm), reads its input File at the host path and writes its output back; with
 * `--container none` the same task runs on the host and the runner warns.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runNode } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

const RUNNER = resolve(import.meta.dirname, '../../packages/wdl/dist/cli.js');

async function runInImage(extra: string[]) {
  const dir = await tempDir();
  writeFileSync(join(dir, 'words.txt'), 'one\ntwo\n');
  const r = await runNode(
    [
      RUNNER,
      fixture('wdl/in-image.wdl'),
      '-i',
      JSON.stringify({ 'in_image.words': join(dir, 'words.txt') }),
      '--outputDirectory',
      join(dir, 'out'),
      ...extra,
    ],
    { cwd: dir, timeoutMs: 200_000 },
  );
  return { dir, r };
}

describe('toil-wdl-runner tasks in containers', { timeout: 240_000 }, () => {
  it('runs a task that names ubuntu:24.04 in the local image on podman', async () => {
    const { dir, r } = await runInImage([]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out['in_image.seen']).toEqual(['in-container', 'words 2', 'codename bookworm']);
    expect(out['in_image.copy']).toBe(join(dir, 'out', 'copy.txt'));
    expect(readFileSync(join(dir, 'out', 'copy.txt'), 'utf8')).toBe('ONE\nTWO\n');
    expect(r.stderr).not.toContain('runs on the host');
  });

  it('runs the same task on the host with --container none, and warns that it does', async () => {
    const { dir, r } = await runInImage(['--container', 'none']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { 'in_image.seen': string[] };
    expect(out['in_image.seen'].slice(0, 2)).toEqual(['on-host', 'words 2']);
    expect(readFileSync(join(dir, 'out', 'copy.txt'), 'utf8')).toBe('ONE\nTWO\n');
    expect(r.stderr).toContain("task 'inspect' names the image 'ubuntu:24.04' but runs on the host (--container none)");
  });
});
