/**
 * Encapsulation: `handle.encapsulate()` makes successors wait for the job *and all its descendants*; rv() of the
 * encapsulated handle is still the job's own value. The writers leave files, so the order is visible on disk.
 */
import { describe, expect, it } from 'vitest';
import { Toil } from '@toil/core';
import { encapsulated, plain } from '../fixtures/encapsulation.js';
import { apiOptions } from './helpers/api.js';
import { tempDir } from './helpers/temp.js';

// Small jobs so every writer and the inspector can run at once on a 2-core machine.
const small = { defaultCores: 0.25, defaultMemory: '256M', defaultDisk: '16M' };

describe('encapsulation', () => {
  it('runs a successor of the encapsulated job after every child and grandchild of it', async () => {
    const work = await tempDir();
    const dir = await tempDir();
    const result = await Toil.start(apiOptions(work, 'encapsulation.ts', small), encapsulated, dir);
    expect(result).toEqual({ parentValue: 'parent value', seen: ['child-1', 'child-2', 'grandchild-1'] });
  });

  it('without encapsulation, a child of the job runs alongside its other children, before the slow grandchild', async () => {
    const work = await tempDir();
    const dir = await tempDir();
    const result = await Toil.start(apiOptions(work, 'encapsulation.ts', small), plain, dir);
    expect(result.parentValue).toBe('parent value');
    // The grandchild is written 800 ms after the parent ran, by which time this inspector has long finished.
    expect(result.seen).not.toContain('grandchild-1');
  });
});
