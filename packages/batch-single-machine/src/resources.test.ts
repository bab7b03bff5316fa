import { describe, expect, it } from 'vitest';
import { ResourcePool } from './resources.js';

const req = (cores: number, memory = 1, disk = 1) => ({ cores, memory, disk, accelerators: [], preemptible: false });

describe('ResourcePool', () => {
  it('packs fractional cores exactly (ten 0.1-core jobs fill one core)', () => {
    const pool = new ResourcePool(1, 1e9, 1e9);
    const tenth = pool.allocationFor(req(0.1));
    for (let i = 0; i < 10; i++) expect(pool.tryAcquire(tenth)).toBe(true);
    expect(pool.tryAcquire(tenth)).toBe(false);
    pool.release(tenth);
    expect(pool.tryAcquire(tenth)).toBe(true);
  });

  it('bounds memory and disk as well as cores', () => {
    const pool = new ResourcePool(8, 1000, 500);
    expect(pool.tryAcquire(pool.allocationFor(req(1, 600, 100)))).toBe(true);
    expect(pool.tryAcquire(pool.allocationFor(req(1, 600, 100)))).toBe(false);
    expect(pool.tryAcquire(pool.allocationFor(req(1, 300, 450)))).toBe(false);
    expect(pool.tryAcquire(pool.allocationFor(req(1, 300, 400)))).toBe(true);
  });

  it('scales cores by --scale', () => {
    const pool = new ResourcePool(2, 1e9, 1e9, 0.5);
    expect(pool.allocationFor(req(4)).milliCores).toBe(2000);
    expect(() => pool.check('big', req(4))).not.toThrow();
    expect(() => pool.check('big', req(5))).toThrow(/requests 2.5 of cores/);
  });

  it('rejects jobs that can never fit, naming the job, the amounts and the flag', () => {
    const pool = new ResourcePool(2, 1024 ** 3, 10 * 1024 ** 3);
    expect(() => pool.check('align', req(3))).toThrow(
      "Job 'align' requests 3 of cores, but the batch system allows at most 2. Lower the job's cores requirement or raise --maxCores",
    );
    expect(() => pool.check('align', req(1, 2 * 1024 ** 3))).toThrow(
      /requests 2\.0 Gi of memory, but the batch system allows at most 1\.0 Gi.*--maxMemory/,
    );
    expect(() => pool.check('align', req(1, 1, 20 * 1024 ** 3))).toThrow(
      /disk.*--maxDisk, or point --workDir\/TMPDIR at a bigger disk/,
    );
    expect(() => pool.check('gpu job', { ...req(1), accelerators: [{ kind: 'gpu', count: 1 }] })).toThrow(
      /accelerators/,
    );
  });
});
