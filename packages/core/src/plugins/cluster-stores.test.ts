import { describe, expect, it } from 'vitest';
import { ClusterJobStoresError, ToilError } from '../errors.js';
import type { JobStore } from '../jobstore/jobstore.js';
import { assertClusterStoresRemoved, destroyClusterJobStores, destroyWholeCluster } from './cluster-stores.js';
import type { ClusterJobStores, ClusterManager, JobStorePlugin } from './plugin.js';

/**
 * The orchestration only: which plugins are asked, what is destroyed, what becomes a warning or a failure. The real
 * S3 and GCS finders are tested in @toil/jobstore-aws (real S3 server) and @toil/jobstore-gcs (its GCS fake); these
 * plugins stand in for them because the point here is the control flow over several services.
 */
function storePlugin(
  name: string,
  buckets: Record<string, string>,
  opts: { listError?: Error; destroyError?: Error; unconfigured?: boolean } = {},
): JobStorePlugin & { destroyed: string[] } {
  const destroyed: string[] = [];
  const stores: ClusterJobStores = {
    service: `${name}-service`,
    find: (cluster) => {
      if (opts.listError) return Promise.reject(opts.listError);
      return Promise.resolve(
        Object.entries(buckets)
          .filter(([, owner]) => owner === cluster)
          .map(([locator]) => locator),
      );
    },
    manualListCommand: (cluster) => `list-${name} --label ${cluster}`,
  };
  return {
    kind: 'jobStore',
    name,
    packageName: `@test/${name}`,
    moduleUrl: 'file:///nowhere.js',
    destroyed,
    create: (locator) =>
      ({
        destroy: () => {
          if (opts.destroyError) return Promise.reject(opts.destroyError);
          destroyed.push(locator);
          return Promise.resolve();
        },
      }) as unknown as JobStore,
    clusterStores: () => Promise.resolve(opts.unconfigured ? undefined : stores),
  };
}

describe('destroyClusterJobStores', () => {
  it("destroys only the named cluster's stores, through every plugin with the hook", async () => {
    const a = storePlugin('a', { 'a:one': 'c1', 'a:two': 'c2' });
    const b = storePlugin('b', { 'b:x': 'c1', 'b:y': 'c1' });
    const out = await destroyClusterJobStores('c1', [a, b]);
    expect(out).toEqual({ removed: ['a:one', 'b:x', 'b:y'], warnings: [], failures: [] });
    expect(a.destroyed).toEqual(['a:one']);
    expect(b.destroyed).toEqual(['b:x', 'b:y']);
  });

  it('skips a plugin without the hook or without a configured service, and warns for one it cannot list', async () => {
    const noHook = { ...storePlugin('n', { 'n:1': 'c1' }), clusterStores: undefined };
    const unconfigured = storePlugin('u', { 'u:1': 'c1' }, { unconfigured: true });
    const refused = storePlugin(
      'r',
      { 'r:1': 'c1' },
      { listError: Object.assign(new Error('denied\nmore'), { name: 'AccessDenied' }) },
    );
    const fine = storePlugin('f', { 'f:1': 'c1' });
    const out = await destroyClusterJobStores('c1', [noHook, unconfigured, refused, fine]);
    expect(out.removed).toEqual(['f:1']);
    expect(out.failures).toEqual([]);
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toContain("cluster 'c1' on r-service (AccessDenied: denied)");
    expect(out.warnings[0]).toContain('list-r --label c1');
    expect(out.warnings[0]).not.toContain('\n');
    expect(noHook.destroyed).toEqual([]);
    expect(unconfigured.destroyed).toEqual([]);
  });

  it('reports a store it found but could not destroy as a failure, one line naming it', async () => {
    const broken = storePlugin('x', { 'x:1': 'c1' }, { destroyError: new Error('forbidden') });
    const out = await destroyClusterJobStores('c1', [broken]);
    expect(out.failures).toEqual(['x:1: forbidden']);
    expect(() => assertClusterStoresRemoved('c1', out)).toThrow(ClusterJobStoresError);
    try {
      assertClusterStoresRemoved('c1', out);
    } catch (error) {
      expect(ToilError.is(error) && error.code).toBe('CLUSTER_JOB_STORES');
      expect((error as Error).message).toMatch(/^Cluster 'c1': .*x:1: forbidden.*toil clean/);
    }
    expect(() => assertClusterStoresRemoved('c1', { removed: [], warnings: ['w'], failures: [] })).not.toThrow();
  });
});

/** A provisioner's cluster with `instances` instances (none: NO_SUCH_CLUSTER), recording the order of calls. */
function cluster(instances: number, calls: string[]): ClusterManager {
  return {
    launchCluster: () => Promise.reject(new Error('not here')),
    getLeader: () => Promise.reject(new Error('not here')),
    destroyCluster: () => {
      calls.push('instances');
      if (instances === 0) return Promise.reject(new ToilError('NO_SUCH_CLUSTER', "No cluster named 'c1' exists."));
      return Promise.resolve({ instances, securityGroups: 1 });
    },
  };
}

describe('destroyWholeCluster', () => {
  it('removes the instances before the stores, and reports both', async () => {
    const calls: string[] = [];
    const a = storePlugin('a', { 'a:one': 'c1' });
    const wrapped = { ...a, create: (l: string) => (calls.push('stores'), a.create(l)) };
    const warned: string[] = [];
    const out = await destroyWholeCluster(cluster(2, calls), 'c1', { warn: (l) => warned.push(l), plugins: [wrapped] });
    expect(out).toEqual({ instances: 2, securityGroups: 1, jobStores: ['a:one'] });
    expect(calls).toEqual(['instances', 'stores']);
    expect(warned).toEqual([]);
  });

  it('a store service it cannot list is a warning, the instances still go, and the call succeeds', async () => {
    const calls: string[] = [];
    const refused = storePlugin('r', { 'r:1': 'c1' }, { listError: new Error('AccessDenied') });
    const warned: string[] = [];
    const out = await destroyWholeCluster(cluster(3, calls), 'c1', { warn: (l) => warned.push(l), plugins: [refused] });
    expect(out).toEqual({ instances: 3, securityGroups: 1, jobStores: [] });
    expect(calls).toEqual(['instances']);
    expect(warned).toHaveLength(1);
  });

  it('cleans the stores of a cluster whose instances are gone; with neither, it is no such cluster', async () => {
    const a = storePlugin('a', { 'a:left': 'c1' });
    const out = await destroyWholeCluster(cluster(0, []), 'c1', { warn: () => undefined, plugins: [a] });
    expect(out).toEqual({ instances: 0, securityGroups: 0, jobStores: ['a:left'] });
    const empty = storePlugin('a', {});
    await expect(
      destroyWholeCluster(cluster(0, []), 'c1', { warn: () => undefined, plugins: [empty] }),
    ).rejects.toThrow("No cluster named 'c1' exists.");
  });

  it('fails, after removing the instances, when a found store cannot be destroyed', async () => {
    const calls: string[] = [];
    const broken = storePlugin('x', { 'x:1': 'c1' }, { destroyError: new Error('forbidden') });
    await expect(
      destroyWholeCluster(cluster(1, calls), 'c1', { warn: () => undefined, plugins: [broken] }),
    ).rejects.toMatchObject({ code: 'CLUSTER_JOB_STORES' });
    expect(calls).toEqual(['instances']);
  });
});
