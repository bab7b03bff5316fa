/**
 * What a user installs: `@toil/core` packed as it would be published, installed with npm into a new project
 * that has nothing else of ours (no @types/yargs, no workspace), and the README's workflow type-checked with
 * strict settings and without skipLibCheck, so every shipped .d.ts is checked too.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/temp.js';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const repoRoot = resolve(import.meta.dirname, '../..');
const corePackageDir = join(repoRoot, 'packages/core');
/** The workspace's TypeScript: the consumer project gets its compiler from outside, not its types. */
const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
/** The @types/node version the workspace uses: a Node project has its own, and the README example needs console. */
const typesNodeVersion = (require(join(repoRoot, 'package.json')) as { devDependencies: Record<string, string> })
  .devDependencies['@types/node'];

/** The README's "API in 20 lines", plus assertions that the result types come through. */
const WORKFLOW = `import { defineJob, defineService, Toil, type JobDef } from '@toil/core';

export const square = defineJob('square', async (ctx, x: number) => x * x);
export const sum = defineJob('sum', async (_ctx, xs: number[]) => xs.reduce((a, b) => a + b, 0));
export const fanout = defineJob('fanout', { cores: 1, memory: '200M', disk: '1G' }, async (ctx, n: number) => {
  const parts = Array.from({ length: n }, (_, i) => ctx.addChild(square, i).rv());
  return ctx.addFollowOn(sum, parts).rv();
});

export const db = defineService('db', (ctx, port: number) => ({
  start: async () => \`localhost:\${port}\`,
  check: async () => true,
  stop: async () => {},
}));

const typed: JobDef<[number], number> = fanout;

if (Toil.isMain(import.meta)) {
  await using toil = await Toil.open({ jobStore: './js', workflowModule: import.meta.url, maxCores: 2 });
  const result: number = await toil.start(typed, 100);
  console.log(result);
}
`;

/** A third-party batch system written against `@toil/core/backend`: the implementer's entry point. */
const BACKEND_PLUGIN = `import { InsufficientResourcesError } from '@toil/core';
import {
  BatchJobExitReason,
  UpdateQueue,
  type BatchJobSpec,
  type BatchSystem,
  type BatchSystemContext,
  type ResolvedRequirements,
  type ToilPluginModule,
  type UpdatedBatchJobInfo,
} from '@toil/core/backend';

class InstantBatch implements BatchSystem {
  readonly name = 'instant';
  private readonly updates = new UpdateQueue();
  private next = 1;
  constructor(private readonly context: BatchSystemContext) {}
  supportsAutoDeployment(): boolean {
    return true;
  }
  supportsWorkerCleanup(): boolean {
    return false;
  }
  checkResourceRequest(jobName: string, requirements: ResolvedRequirements): void {
    if (requirements.cores > this.context.maxCores) {
      throw new InsufficientResourcesError(jobName, 'cores', String(requirements.cores), String(this.context.maxCores), '--maxCores');
    }
  }
  async issueBatchJob(_spec: BatchJobSpec): Promise<number> {
    const batchJobId = this.next++;
    this.updates.push({ batchJobId, exitStatus: 0, exitReason: BatchJobExitReason.FINISHED });
    return batchJobId;
  }
  async killBatchJobs(): Promise<void> {}
  getIssuedBatchJobIds(): number[] {
    return [];
  }
  getRunningBatchJobIds(): Map<number, number> {
    return new Map();
  }
  getUpdatedBatchJob(maxWaitMs: number): Promise<UpdatedBatchJobInfo | undefined> {
    return this.updates.next(maxWaitMs);
  }
  getSchedulingStatusMessage(): string | undefined {
    return undefined;
  }
  setEnv(): void {}
  async shutdown(): Promise<void> {}
}

export const { plugin }: ToilPluginModule = {
  plugin: {
    kind: 'batchSystem',
    name: 'instant',
    packageName: 'toil-plugin-instant',
    moduleUrl: import.meta.url,
    load: async () => ({ create: (context: BatchSystemContext) => new InstantBatch(context) }),
  },
};
`;

/** Uses of what is not public: each line must be a compile error for the consumer. */
const NOT_PUBLIC = `import { UpdateQueue, openJobStore, exitWithError } from '@toil/core';
import { Leader } from '@toil/core/backend';
import type { JobHandle } from '@toil/core';

export const peek = (h: JobHandle<number>) => [h.builder, h.pending];
export const all = [UpdateQueue, openJobStore, exitWithError, Leader];
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2023',
    lib: ['ES2023', 'ESNext.Disposable'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    types: ['node'],
  },
  include: ['workflow.ts', 'plugin.ts'],
};

describe('the published @toil/core types', () => {
  it('type-check a workflow and a backend plugin in a project that installs only the packed @toil/core (strict, no skipLibCheck), and hide what is not public', async () => {
    const dir = await tempDir();
    await run('pnpm', ['pack', '--pack-destination', dir], { cwd: corePackageDir });
    const [tarball] = (await readdir(dir)).filter((name) => name.endsWith('.tgz'));
    expect(tarball).toMatch(/^toil-core-.*\.tgz$/);

    const project = join(dir, 'consumer');
    await mkdir(project);
    await writeFile(
      join(project, 'package.json'),
      JSON.stringify({
        name: 'consumer',
        private: true,
        type: 'module',
        dependencies: { '@toil/core': `file:../${tarball}`, '@types/node': typesNodeVersion },
      }),
    );
    await writeFile(join(project, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    await writeFile(join(project, 'workflow.ts'), WORKFLOW);
    await writeFile(join(project, 'plugin.ts'), BACKEND_PLUGIN);
    await writeFile(join(project, 'not-public.ts'), NOT_PUBLIC);
    await writeFile(
      join(project, 'tsconfig.not-public.json'),
      JSON.stringify({ ...TSCONFIG, include: ['not-public.ts'] }),
    );
    // Scripts are not needed for types (esbuild's only checks its binary).
    await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
      cwd: project,
      timeout: 300_000,
    });
    // Nothing of ours but @toil/core: its yargs dependency comes without types, as for any user.
    expect(await readdir(join(project, 'node_modules/@toil'))).toEqual(['core']);
    expect(await readdir(join(project, 'node_modules/@types'))).toEqual(['node']);

    const typecheck = (config: string) =>
      run(process.execPath, [tsc, '-p', join(project, config)], { cwd: project }).then(
        (r) => ({ code: 0, output: r.stdout + r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: e.stdout + e.stderr }),
      );
    const result = await typecheck('tsconfig.json');
    expect(result.output).toBe('');
    expect(result.code).toBe(0);

    // The user entry point holds no backend or CLI plumbing, the backend entry no leader, and a handle no graph.
    const hidden = await typecheck('tsconfig.not-public.json');
    expect(hidden.code).not.toBe(0);
    expect(hidden.output.match(/error TS/g)).toHaveLength(6);
    for (const name of ['UpdateQueue', 'openJobStore', 'exitWithError']) {
      expect(hidden.output).toContain(`'"@toil/core"' has no exported member '${name}'`);
    }
    expect(hidden.output).toContain(`'"@toil/core/backend"' has no exported member 'Leader'`);
    expect(hidden.output).toContain(`Property 'builder' does not exist on type 'JobHandle<number>'`);
    expect(hidden.output).toContain(`Property 'pending' does not exist on type 'JobHandle<number>'`);
  });
});
