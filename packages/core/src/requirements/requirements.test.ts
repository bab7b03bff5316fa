import { describe, expect, it } from 'vitest';
import { parseAccelerator, resolveRequirements } from './requirements.js';

const defaults = {
  defaultCores: 1,
  defaultMemory: 2 * 1024 ** 3,
  defaultDisk: 2 * 1024 ** 3,
  defaultAccelerators: [],
  defaultPreemptible: false,
};

describe('requirements', () => {
  it('applies defaults and parses sizes', () => {
    expect(resolveRequirements({ cores: 0.5, memory: '200M' }, defaults, 'job x')).toEqual({
      cores: 0.5,
      memory: 200 * 1024 ** 2,
      disk: 2 * 1024 ** 3,
      accelerators: [],
      preemptible: false,
    });
  });

  it('parses accelerators', () => {
    expect(parseAccelerator('gpu')).toEqual({ kind: 'gpu', count: 1 });
    expect(parseAccelerator('cuda:2')).toEqual({ kind: 'cuda', count: 2 });
    expect(parseAccelerator('gpu:1:a100')).toEqual({ kind: 'gpu', count: 1, model: 'a100' });
    expect(() => parseAccelerator('gpu:zero')).toThrow(/Invalid accelerator "gpu:zero"/);
  });

  it('names the job in errors', () => {
    expect(() => resolveRequirements({ memory: '12 parsecs' }, defaults, "job 'align'")).toThrow(
      `Invalid memory for job 'align' "12 parsecs"`,
    );
    expect(() => resolveRequirements({ cores: 0 }, defaults, "job 'align'")).toThrow(/cores for job 'align' 0/);
  });
});
