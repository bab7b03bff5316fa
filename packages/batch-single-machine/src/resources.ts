import { InsufficientResourcesError } from '@toil/core';
import { formatBytes, type ResolvedRequirements } from '@toil/core/backend';

/** What one job holds while it runs. Cores are counted in thousandths so fractions never drift. */
export interface Allocation {
  milliCores: number;
  memory: number;
  disk: number;
}

/**
 * The machine's cores, memory and disk, handed out to jobs. A job that could never fit is rejected up front
 * (Toil's checkResourceRequest); one that fits later waits in the queue.
 */
export class ResourcePool {
  private usedMilliCores = 0;
  private usedMemory = 0;
  private usedDisk = 0;
  readonly totalMilliCores: number;

  constructor(
    cores: number,
    readonly totalMemory: number,
    readonly totalDisk: number,
    /** `--scale`: multiplies every job's cores. */
    private readonly scale = 1,
  ) {
    this.totalMilliCores = Math.round(cores * 1000);
  }

  /** The allocation a job needs. */
  allocationFor(req: ResolvedRequirements): Allocation {
    return { milliCores: Math.round(req.cores * this.scale * 1000), memory: req.memory, disk: req.disk };
  }

  /** Throw InsufficientResourcesError if `req` can never fit on this machine. */
  check(jobName: string, req: ResolvedRequirements): void {
    const a = this.allocationFor(req);
    if (a.milliCores > this.totalMilliCores) {
      throw new InsufficientResourcesError(
        jobName,
        'cores',
        String(req.cores * this.scale),
        String(this.totalMilliCores / 1000),
        '--maxCores (or use a machine with more cores)',
      );
    }
    if (a.memory > this.totalMemory) {
      throw new InsufficientResourcesError(
        jobName,
        'memory',
        formatBytes(a.memory),
        formatBytes(this.totalMemory),
        '--maxMemory (or use a machine with more memory)',
      );
    }
    if (a.disk > this.totalDisk) {
      throw new InsufficientResourcesError(
        jobName,
        'disk',
        formatBytes(a.disk),
        formatBytes(this.totalDisk),
        '--maxDisk, or point --workDir/TMPDIR at a bigger disk',
      );
    }
    if (req.accelerators.length) {
      throw new InsufficientResourcesError(
        jobName,
        'accelerators',
        req.accelerators.map((x) => `${x.count}×${x.kind}`).join(', '),
        'none',
        'a batch system with accelerators (single_machine has none)',
      );
    }
  }

  /** Take the allocation if it fits now. */
  tryAcquire(a: Allocation): boolean {
    if (this.usedMilliCores + a.milliCores > this.totalMilliCores) return false;
    if (this.usedMemory + a.memory > this.totalMemory) return false;
    if (this.usedDisk + a.disk > this.totalDisk) return false;
    this.usedMilliCores += a.milliCores;
    this.usedMemory += a.memory;
    this.usedDisk += a.disk;
    return true;
  }

  /** Give an allocation back. */
  release(a: Allocation): void {
    this.usedMilliCores -= a.milliCores;
    this.usedMemory -= a.memory;
    this.usedDisk -= a.disk;
  }
}
