import type { ProvisionerPlugin } from '@toil/core/backend';

/**
 * The cluster types of core's provisioner plugin (`load().clusters`), named here: core declares them on the
 * plugin descriptor without exporting each name from an entry point.
 */
type Loaded = Awaited<ReturnType<ProvisionerPlugin['load']>>;
/** Creates, finds and destroys one named cluster. */
export type ClusterManager = Awaited<ReturnType<NonNullable<Loaded['clusters']>>>;
/** Which cluster (name, zone). */
export type ClusterSettings = Parameters<NonNullable<Loaded['clusters']>>[0];
/** What `launch-cluster` asks for. */
export type LaunchClusterSpec = Parameters<ClusterManager['launchCluster']>[0];
/** The leader as ssh reaches it. */
export type ClusterLeader = Awaited<ReturnType<ClusterManager['getLeader']>>;
/** The autoscaler's provisioner. */
export type Provisioner = Awaited<ReturnType<Loaded['create']>>;
