import { describe, expect, it } from 'vitest';
import type { BatchSystemPlugin } from '@toil/core/backend';
import { addBackendOptions, backendOptionSpecs, installedBatchSystems } from './plugins.js';

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
      {
        name: 'parasolCommand',
        type: 'string',
        default: 'parasol',
        group: 'batch',
        help: 'The parasol program (parasol)',
      },
    ]);
  });

  it("lists each backend's options under a heading naming the backend and the module it came from", () => {
    const plugin = {
      kind: 'batchSystem',
      name: 'echo',
      packageName: 'toil-plugin-echo',
      moduleUrl: 'file:///x',
      options: [{ name: 'echoTag', type: 'string', description: 'A tag' }],
      load: async () => ({ create: () => undefined as never }),
    } satisfies BatchSystemPlugin;
    const calls: Array<[string, { group?: string; describe?: string; string?: boolean }]> = [];
    addBackendOptions({ option: (name, description) => calls.push([name, description]) }, [
      { name: 'echo', packageName: './echo.mjs', plugin },
    ]);
    expect(calls).toHaveLength(1);
    expect(calls[0]![0]).toBe('echoTag');
    expect(calls[0]![1]).toMatchObject({
      group: "Options of the batch system 'echo' (./echo.mjs):",
      describe: 'A tag (echo)',
      string: true,
    });
  });
});
