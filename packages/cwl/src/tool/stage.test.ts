import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveFileObject, type FileObject } from '../types/file-objects.js';
import { stageInputs } from './stage.js';

describe('stageInputs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cwl-stage-'));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'a.txt'), 'primary');
  writeFileSync(join(dir, 'sub', 'a.idx'), 'index');
  writeFileSync(join(dir, 'beside.txt'), 'p');
  writeFileSync(join(dir, 'beside.txt.idx'), 's');

  it('gathers a primary and secondary files from other folders (or renamed) into one folder, by basename', () => {
    const file = resolveFileObject(
      {
        class: 'File',
        location: 'a.txt',
        secondaryFiles: [{ class: 'File', location: 'sub/a.idx', basename: 'a.txt.idx' }],
      },
      dir,
    );
    const inputs = { f: file };
    stageInputs(inputs, mkdtempSync(join(dir, 'stage-')));
    const staged = inputs.f as FileObject & { path: string; dirname: string };
    const secondary = (staged.secondaryFiles as (FileObject & { path: string })[])[0];
    expect(staged.dirname).toBe(dirname(staged.path));
    expect(secondary.path).toBe(join(staged.dirname, 'a.txt.idx'));
    expect(readFileSync(staged.path, 'utf8')).toBe('primary');
    expect(readFileSync(secondary.path, 'utf8')).toBe('index');
  });

  it('leaves a primary whose secondary files already sit beside it where it is', () => {
    const file = resolveFileObject(
      { class: 'File', location: 'beside.txt', secondaryFiles: [{ class: 'File', location: 'beside.txt.idx' }] },
      dir,
    );
    stageInputs({ f: file }, mkdtempSync(join(dir, 'stage-')));
    expect(realpathSync(String(file.path))).toBe(realpathSync(join(dir, 'beside.txt')));
    expect(file.path).toBe(join(dir, 'beside.txt'));
  });
});
