import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CwlExpressionError, CwlJobError, CwlToolFailedError, CwlUnsupportedError } from '../errors.js';
import { loadProcess } from '../loader/load.js';
import { needsSharedFiles } from './bypass.js';
import { markerError, markerIn, markFailures } from './markers.js';

describe('job results that stand for CWL errors', () => {
  it('turns an unsupported feature and a permanent tool failure into markers the leader raises again', async () => {
    const unsupported = await markFailures(() => Promise.reject(new CwlUnsupportedError('dockerLoad from a URL')));
    expect(unsupported).toEqual({ 'cwl:unsupported': 'dockerLoad from a URL' });
    const again = markerError(markerIn(unsupported)!);
    expect(again).toBeInstanceOf(CwlUnsupportedError);
    expect(again.message).toBe('Unsupported CWL feature: dockerLoad from a URL.');

    const failed = await markFailures(() =>
      Promise.reject(new CwlToolFailedError("Tool 'x' failed with exit code 3.")),
    );
    const error = markerError(markerIn(failed)!);
    expect(error).toBeInstanceOf(CwlJobError);
    expect([error.code, error.message]).toEqual(['CWL_TOOL_FAILED', "Tool 'x' failed with exit code 3."]);

    const expression = markerError(
      markerIn(await markFailures(() => Promise.reject(new CwlExpressionError('$(x)', 'x is not defined'))))!,
    );
    expect(expression.code).toBe('CWL_EXPRESSION');
  });

  it('lets a temporaryFail and errors that are not CWL errors fail the job, so Toil retries them', async () => {
    const temporary = new CwlToolFailedError('exited with 75, a temporaryFailCode.', 'temporaryFail');
    await expect(markFailures(() => Promise.reject(temporary))).rejects.toBe(temporary);
    const crash = new Error('ENOSPC: no space left on device');
    await expect(markFailures(() => Promise.reject(crash))).rejects.toBe(crash);
  });

  it('passes results through and does not take ordinary output objects for markers', async () => {
    expect(await markFailures(() => Promise.resolve({ out: 1 }))).toEqual({ out: 1 });
    expect(markerIn({ out: 1 })).toBeUndefined();
    expect(markerIn(null)).toBeUndefined();
    expect(markerIn({ 'cwl:failed': 'not an object' })).toBeUndefined();
  });
});

describe('runs that bypass the file store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cwl-bypass-'));
  const write = (name: string, lines: string[]) => {
    writeFileSync(join(dir, name), lines.join('\n'));
    return join(dir, name);
  };
  const tool = (name: string, extra: string[]) =>
    write(name, [
      'cwlVersion: v1.2',
      'class: CommandLineTool',
      ...extra,
      'baseCommand: "true"',
      'inputs: []',
      'outputs: []',
    ]);
  const workflow = (name: string, run: string) =>
    write(name, [
      'cwlVersion: v1.2',
      'class: Workflow',
      'inputs: []',
      'outputs: []',
      'steps:',
      `  s: {run: ${run}, in: [], out: []}`,
    ]);

  it('are taken for an InplaceUpdateRequirement anywhere in the tree, or in the job file, and only then', () => {
    const inplace = tool('inplace.cwl', ['requirements: {InplaceUpdateRequirement: {inplaceUpdate: true}}']);
    const plain = tool('plain.cwl', []);
    expect(needsSharedFiles(loadProcess(workflow('wf-inplace.cwl', inplace)), [])).toBe(true);
    expect(needsSharedFiles(loadProcess(workflow('wf-plain.cwl', plain)), [])).toBe(false);
    expect(needsSharedFiles(loadProcess(plain), [{ class: 'InplaceUpdateRequirement', inplaceUpdate: true }])).toBe(
      true,
    );
  });
});
