import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'cwl-unsup-'));

// dockerLoad from a URL is found unsupported only when the tool runs (inside its Toil job), not by the check of
// the process tree before the run.
writeFileSync(
  join(dir, 'load.cwl'),
  [
    'cwlVersion: v1.2',
    'class: CommandLineTool',
    'requirements:',
    '  DockerRequirement: {dockerLoad: "http://127.0.0.1:9/img.tar", dockerImageId: "toil-cwl-test-none"}',
    'baseCommand: echo',
    'inputs: {x: int}',
    'outputs: []',
  ].join('\n'),
);
// The same tool scattered inside a sub-workflow: the marker must pass through the gather and both rounds.
writeFileSync(
  join(dir, 'nested.cwl'),
  [
    'cwlVersion: v1.2',
    'class: Workflow',
    'requirements: {ScatterFeatureRequirement: {}, SubworkflowFeatureRequirement: {}}',
    'inputs: {xs: {type: "int[]", default: [1, 2]}}',
    'outputs: {}',
    'steps:',
    '  sub:',
    '    run:',
    '      class: Workflow',
    '      inputs: {xs: "int[]"}',
    '      outputs: {}',
    '      steps:',
    '        s: {run: load.cwl, scatter: x, in: {x: xs}, out: []}',
    '    in: {xs: xs}',
    '    out: []',
  ].join('\n'),
);
writeFileSync(join(dir, 'job.yml'), 'x: 1\n');

const LINE =
  "toil-cwl-runner: Unsupported CWL feature: dockerLoad from 'http://127.0.0.1:9/img.tar': only a local image " +
  'archive (a path) can be loaded.\n';

describe('an unsupported feature met inside a Toil job', { timeout: 120_000 }, () => {
  it.each([
    ['a tool', ['load.cwl', 'job.yml']],
    ['a scatter in a sub-workflow', ['nested.cwl']],
  ])('exits 33 with one line for %s, as in-process', (_, files) => {
    for (const extra of [[], ['--inProcessJobs', 'false']]) {
      const result = spawnSync(process.execPath, [cli, '--quiet', ...extra, ...files.map((f) => join(dir, f))], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(result.status, result.stderr).toBe(33);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(LINE);
    }
  });
});
