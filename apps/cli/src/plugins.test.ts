import { describe, expect, it } from 'vitest';
import type { BatchSystemPlugin } from '@toil/core';
import { backendOptionSpecs, installedBatchSystems } from './plugins.js';

describe('plugin registry of the CLI', () => {
  it('finds the installed single_machine backend without loading its implementation', async () => {
    const installed = await installedBatchSystems();
    const names = installed.map((b) => b.name);
    expect(names).toContain('single_machine');
    // No package provides mesos here; a backend that is not installed is simply absent.
    expect(names).not.toContain('mesos');
    const single = installed.find((b) => b.name === 'single_machine')!;
    expect(single.packageName).toBe('@toil/batch-single-machine');
    expect(typeof single.plugin.load).toBe('function');
  });

  it("turns a backend's options into option specs in the batch group, naming the backend", () => {
    const plugin = {
      kind: 'batchSystem',
      name: 'parasol',
      packageName: '@toil/batch-parasol',
      moduleUrl: 'file:///x',
      options: [{ name: 'parasolCommand', type: 'string', default: 'parasol', description: 'The parasol program' }],
      load: async () => ({ create: () => undefined as never }),
    } satisfies BatchSystemPlugin;
    expect(backendOptionSpecs([{ name: 'parasol', packageName: plugin.packageName, plugin }])).toEqual([
      { name: 'parasolCommand', type: 'string', default: 'parasol', group: 'batch', help: 'The parasol program (parasol)' },
    ]);
  });
});
