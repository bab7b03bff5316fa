import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from './exec.js';
import { createHost, type HostSpec } from './host-create.js';
import { destroyHost, netnsPids } from './host-destroy.js';
import { loadRecord, type HostRecord } from './host-record.js';
import { linkExists, ensureBridge, removeBridge } from './network.js';
import { stopPids } from './pids.js';
import { rigLayout, type RigConfig, type RigLayout } from './rig-config.js';

const FIRST_INDEX = 10;
const LAST_INDEX = 250;

/**
 * Creates and destroys the rig's hosts. Everything it makes is recorded on disk (PIDs, namespace and veth names)
 * and removed by those records, never by process name; {@link sweep} removes the leftovers of a killed run.
 * Needs root (network, mount and UTS namespaces).
 */
export class HostManager {
  /** Names and paths of this rig. */
  readonly layout: RigLayout;
  private readonly reserved = new Set<number>();
  private allocating: Promise<unknown> = Promise.resolve();

  constructor(config: RigConfig) {
    this.layout = rigLayout(config);
  }

  /** Create the bridge (idempotent). Call once before {@link create}. */
  async up(): Promise<void> {
    await ensureBridge(this.layout);
  }

  /** Every host the rig has now, from the records on disk. */
  async list(): Promise<HostRecord[]> {
    const names = await readdir(this.layout.hostsDir).catch(() => [] as string[]);
    const records = await Promise.all(names.map((n) => loadRecord(join(this.layout.hostsDir, n))));
    return records.filter((r): r is HostRecord => r !== undefined).sort((a, b) => a.index - b.index);
  }

  /** Create a host on the next free address; a failure half-way removes what was made before it rethrows. */
  async create(spec: HostSpec): Promise<HostRecord> {
    const index = await this.allocate();
    try {
      return await createHost(this.layout, index, spec);
    } catch (error) {
      const half = await loadRecord(
        join(this.layout.hostsDir, `ip-${this.layout.prefix.replaceAll('.', '-')}-${index}`),
      );
      if (half) await destroyHost(half);
      throw error;
    } finally {
      this.reserved.delete(index);
    }
  }

  /** Reserve the lowest free address; serialized, so hosts created at the same time never get the same one. */
  private allocate(): Promise<number> {
    const next = this.allocating.then(async () => {
      const used = new Set([...this.reserved, ...(await this.list()).map((r) => r.index)]);
      let index = FIRST_INDEX;
      while (used.has(index)) index += 1;
      if (index > LAST_INDEX) throw new Error(`rig ${this.layout.id} is full (${LAST_INDEX - FIRST_INDEX + 1} hosts)`);
      this.reserved.add(index);
      return index;
    });
    this.allocating = next.catch(() => undefined);
    return next;
  }

  /** Destroy one host by name (`ip-10-77-0-12`); false when there is no such host. */
  async destroy(name: string): Promise<boolean> {
    const record = await loadRecord(join(this.layout.hostsDir, name));
    if (!record) return false;
    await destroyHost(record);
    return true;
  }

  /**
   * Remove everything of this rig: every recorded host, then namespaces and veths named after the rig that have
   * no record (a run killed between creating and recording), then the bridge. Resolves with what it removed.
   */
  async sweep(): Promise<{ hosts: number; strays: string[] }> {
    const records = await this.list();
    for (const record of records) await destroyHost(record);
    const strays: string[] = [];
    const netnsPrefix = `trig-${this.layout.id}-`;
    const listing = await run('ip', ['netns', 'list']).catch(() => '');
    for (const line of listing.split('\n')) {
      const netns = line.split(' ')[0];
      if (!netns?.startsWith(netnsPrefix)) continue;
      await stopPids(await netnsPids(netns), 1_000);
      await run('ip', ['netns', 'del', netns]).catch(() => undefined);
      strays.push(netns);
    }
    const links = await run('ip', ['-o', 'link', 'show']).catch(() => '');
    const vethPrefix = `v${this.layout.id}-`;
    for (const match of links.matchAll(/^\d+: ([^:@\s]+)/gm)) {
      const link = match[1];
      if (link?.startsWith(vethPrefix) && (await linkExists(link))) {
        await run('ip', ['link', 'del', link]).catch(() => undefined);
        strays.push(link);
      }
    }
    await removeBridge(this.layout);
    return { hosts: records.length, strays };
  }
}
