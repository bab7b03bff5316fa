import { describe, expect, it } from 'vitest';
import { encodeEnvelope } from '../codec/codec.js';
import { FileID } from '../filestore/file-id.js';
import { fillPromiseMarkers } from '../job/graph.js';
import { Rv } from '../job/promise.js';
import type { JobDescription } from '../jobstore/description.js';
import type { JobStore } from '../jobstore/jobstore.js';
import { jobDescriptionProblem } from '../jobstore/validate.js';
import {
  encodePromised,
  promisedRequirement,
  PromisedRequirement,
  splitPromised,
  type CallRequirements,
} from './promised.js';
import { defineRequirement } from './requirement-fn.js';
import { resolveRequirements, validateRequirements } from './requirements.js';
import { PromisedRequirementError, resolvePromisedRequirements } from './resolve-promised.js';

const tripled = defineRequirement('unit.tripled', (f: FileID) => 3 * f.size);
const DEFAULTS = {
  defaultCores: 1,
  defaultMemory: 2048,
  defaultDisk: 4096,
  defaultAccelerators: [],
  defaultPreemptible: false,
};

/**
 * A description whose promised requirements point at promise files holding `values` (empty past its end), and a store
 * serving them.
 */
function promisedJob(
  promised: Record<string, PromisedRequirement>,
  values: unknown[],
): { store: JobStore; desc: JobDescription } {
  const rvs: Rv[] = [];
  const encoded = encodePromised(promised, rvs, 'consumer');
  const fileIds = rvs.map((_, i) => `promise-${i}`);
  const files = new Map(fileIds.map((id, i) => [id, i < values.length ? encodeEnvelope(values[i]) : '']));
  const store = { readFileBytes: async (id: string) => Buffer.from(files.get(id) ?? '') } as unknown as JobStore;
  const desc = {
    id: 'j1',
    displayName: 'consumer',
    requirements: resolveRequirements({}, DEFAULTS, 'x'),
    promisedRequirements: fillPromiseMarkers(encoded, fileIds),
  } as JobDescription;
  return { store, desc };
}

const noModule = async () => {
  throw new Error('must not load the module');
};

describe('promisedRequirement', () => {
  it('takes an rv() alone, or a defineRequirement function and its arguments; anything else is refused', () => {
    const rv = new Rv<number>('p', ['size'], 'producer');
    expect(promisedRequirement(rv)).toMatchObject({ fnName: undefined, args: [rv] });
    expect(promisedRequirement(tripled, rv as Rv<never>)).toMatchObject({ fnName: 'unit.tripled', args: [rv] });
    expect(() => promisedRequirement((() => 1) as never)).toThrow(
      /Invalid promisedRequirement argument "function": pass an rv\(\) whose value is the figure, or a function made with defineRequirement/,
    );
  });

  it('splits promised figures from plain ones; validation skips the promised, resolution refuses them', () => {
    const memory = promisedRequirement(new Rv<number>('p', [], 'producer'));
    const req: CallRequirements = { cores: 2, memory, preemptible: true };
    expect(splitPromised(req)).toEqual({ plain: { cores: 2, preemptible: true }, promised: { memory } });
    expect(splitPromised({ cores: 2 })).toEqual({ plain: { cores: 2 } });
    expect(() => validateRequirements({ ...req, disk: 'lots' }, "job 'x'")).toThrow(`Invalid disk for job 'x' "lots"`);
    expect(() => resolveRequirements(req, DEFAULTS, "job 'x'")).toThrow(
      /promised requirement needs the promising job to run first/,
    );
  });

  it('encodes promises as placeholders collected after the arguments', () => {
    const rvs: Rv[] = [new Rv('earlier', [], 'arg')];
    const encoded = encodePromised(
      { disk: promisedRequirement(tripled, new Rv('p', [0], 'producer') as Rv<never>) },
      rvs,
      'c',
    );
    expect(encoded).toEqual({ disk: ['unit.tripled', { $t: 'rv', index: 1 }] });
    expect(rvs.map((r) => r.promisorTempId)).toEqual(['earlier', 'p']);
  });
});

describe('resolvePromisedRequirements (leader side)', () => {
  it('reads the promise files and applies the function; size strings and plain figures work, others keep their value', async () => {
    const rv = () => new Rv<never>('p', [], 'producer');
    const { store, desc } = promisedJob(
      { memory: promisedRequirement(tripled, rv()), disk: promisedRequirement(rv()), cores: promisedRequirement(rv()) },
      [new FileID('f', 1000), '1.5K', 0.25],
    );
    expect(await resolvePromisedRequirements(store, desc, noModule)).toEqual({
      cores: 0.25,
      memory: 3000,
      disk: 1536,
      accelerators: [],
      preemptible: false,
    });
  });

  it('loads the workflow module once when the function is not registered, and names it when the module does not define it', async () => {
    const { store, desc } = promisedJob(
      { memory: new PromisedRequirement('unit.nowhere', [new Rv('p', [], 'producer')]) },
      [1],
    );
    let loads = 0;
    const error = await resolvePromisedRequirements(store, desc, async () => void loads++).catch((e: unknown) => e);
    expect(loads).toBe(1);
    expect(error).toBeInstanceOf(PromisedRequirementError);
    expect((error as Error).message).toBe(
      "The promised memory of job 'consumer' j1 uses the requirement function 'unit.nowhere', which the workflow module does not define: define it with defineRequirement('unit.nowhere', fn) at module top level.",
    );
    const failing = await resolvePromisedRequirements(store, desc, async () =>
      Promise.reject(new Error('no bundle')),
    ).catch((e: unknown) => e);
    expect((failing as Error).message).toMatch(
      /which is not registered in the leader, and loading the workflow module failed: no bundle$/,
    );
  });

  it('an unfulfilled promise or a figure that is not a size is one line naming the job and quoting the value', async () => {
    const empty = promisedJob({ disk: promisedRequirement(new Rv<never>('p', [], 'producer')) }, []);
    await expect(resolvePromisedRequirements(empty.store, empty.desc, noModule)).rejects.toThrow(
      /^The promised disk of job 'consumer' j1 could not be read: Job 'consumer' received a promise whose value does not exist yet/,
    );
    const bad = promisedJob({ memory: promisedRequirement(new Rv<never>('p', [], 'producer')) }, ['huge']);
    await expect(resolvePromisedRequirements(bad.store, bad.desc, noModule)).rejects.toThrow(
      `The promised memory of job 'consumer' j1 resolved to "huge": it must be a number of bytes or a size like '512M' or '2G'.`,
    );
  });
});

describe('stored promised requirements', () => {
  it('a record whose promisedRequirements is not an object is damage, named by the field', () => {
    const record = {
      v: 1,
      id: 'j',
      name: 'n',
      displayName: 'n',
      args: [],
      requirements: { cores: 1, memory: 1, disk: 1, accelerators: [], preemptible: false },
      done: false,
      successors: [],
      predecessorCount: 0,
      remainingTries: 1,
      promises: [],
      services: [],
    };
    expect(jobDescriptionProblem({ ...record, promisedRequirements: { memory: [null, 1] } }, 'j')).toBeUndefined();
    expect(jobDescriptionProblem({ ...record, promisedRequirements: 'memory' }, 'j')).toBe(
      `has a wrongly-typed 'promisedRequirements' field ("memory")`,
    );
  });
});
