import type { BatchSystem, BatchSystemContext } from '../batch/batch-system.js';
import type { WorkflowConfig } from '../options/config.js';
import type { JobStore } from '../jobstore/jobstore.js';
import type { AcceleratorRequest } from '../requirements/requirements.js';

/**
 * Plugin descriptors: what a backend package exports so Toil can find it by name. A descriptor is cheap to
 * import; anything heavy (a cloud SDK, a scheduler client) loads only in `load()`/`create()`.
 */

/** Description of an extra command-line option a backend adds (kept structural so core stays yargs-free here). */
export interface PluginOption {
  /** Option name without dashes, e.g. `parasolCommand`. Its value lands in `config.extra[name]`. */
  name: string;
  /** How the command line parses the value. */
  type: 'string' | 'number' | 'boolean';
  /** The value when the option is not given (shown in `toil run --help`). */
  default?: string | number | boolean;
  /** Help text. */
  description: string;
}

/** Fields every descriptor has. */
interface PluginBase {
  /** The name users type: a locator scheme, a `--batchSystem` value, a `--provisioner` value or a URL scheme. */
  name: string;
  /** npm package that provides it (shown in help and messages). */
  packageName: string;
  /** URL of the module that exports this plugin (`import.meta.url`), so worker processes can load it too. */
  moduleUrl: string;
}

/** A job store backend: the scheme of a locator (`file:<path>`), opened without initializing. */
export interface JobStorePlugin extends PluginBase {
  kind: 'jobStore';
  /** Open (not initialize) a store for a locator. */
  create(locator: string): JobStore;
  /**
   * The stores a Toil cluster's workflows made, for `toil destroy-cluster` (optional; for stores that tag their
   * bucket with the cluster's name when TOIL_CLUSTER_NAME is set, as a cluster's leader sets it). Loaded lazily;
   * resolves undefined when this machine is not set up for the store's service at all (no credentials, no
   * endpoint), and destroy-cluster then skips it without a word.
   */
  clusterStores?(): Promise<ClusterJobStores | undefined>;
}

/**
 * Finds the job stores made on one cluster's leader: tagged or labelled with its name, never matched by store name,
 * so another cluster's stores and untagged ones are never found. Each found store is removed with `create(locator)
 * .destroy()` of its plugin.
 */
export interface ClusterJobStores {
  /** The storage service, as a warning names it (`S3`, `Google Cloud Storage`). */
  service: string;
  /** Locators of the cluster's stores; throws when the service cannot be listed (refused, unreachable). */
  find(clusterName: string): Promise<string[]>;
  /** What a user runs to list the cluster's buckets by hand when `find` failed (a whole command line). */
  manualListCommand(clusterName: string): string;
}

/** A batch system backend: a value of `--batchSystem`. */
export interface BatchSystemPlugin extends PluginBase {
  kind: 'batchSystem';
  /** Options this backend adds to the command line (shown by `toil run --help` without loading the backend). */
  options?: PluginOption[];
  /** Load the implementation lazily (heavy SDKs stay unloaded until used). */
  load(): Promise<{
    create(context: BatchSystemContext): BatchSystem | Promise<BatchSystem>;
    /**
     * Checks that can fail before anything is written (scheduler commands on PATH, backend settings), so a
     * workflow that cannot run leaves no job store behind. Throws a one-line ToilError.
     */
    preflight?(config: WorkflowConfig): void | Promise<void>;
  }>;
}

/**
 * A node provisioner for autoscaling clusters (Toil's `--provisioner aws|gce`): `--provisioner <name>` loads it, and
 * the leader's autoscaler (`src/autoscale/`) calls it on every `--scaleInterval` tick.
 */
export interface ProvisionerPlugin extends PluginBase {
  kind: 'provisioner';
  /** Options this provisioner adds to the command line. */
  options?: PluginOption[];
  /** Load the implementation lazily. */
  load(): Promise<{
    create(config: WorkflowConfig): Provisioner | Promise<Provisioner>;
    /**
     * Whole clusters for `toil launch-cluster`, `ssh-cluster`, `rsync-cluster` and `destroy-cluster`; absent when
     * the provisioner only scales a cluster it runs in.
     */
    clusters?(settings: ClusterSettings): ClusterManager | Promise<ClusterManager>;
  }>;
}

/** Which cluster a cluster command is about. */
export interface ClusterSettings {
  /** The cluster's name (`toil launch-cluster <name>`). */
  clusterName: string;
  /** `-z/--zone`; the provisioner falls back to its environment variable (`TOIL_AWS_ZONE`). */
  zone?: string;
}

/** What `toil launch-cluster` asks for, parsed from its options. */
export interface LaunchClusterSpec {
  /** Instance type of the leader (`--leaderNodeType`), on demand. */
  leaderNodeType: string;
  /** The key pair (`--keyPairName`) whose public key logs in as root on every node. */
  keyPairName: string;
  /** Extra tags (`-t KEY=VALUE`); `Name` and `Owner` default to the cluster name and the key pair name. */
  tags: Record<string, string>;
  /** Leader root volume in GB (`--leaderStorage`). */
  leaderStorage: number;
  /** Worker root volume in GB (`--nodeStorage`), per node type in `nodeStorageOverrides`. */
  nodeStorage: number;
  /** `--nodeStorageOverrides type:GB,...`, by instance type. */
  nodeStorageOverrides: Record<string, number>;
  /** Static workers (`--nodeTypes` with `-w`): each node type string with its count. */
  workers: Array<{ nodeType: string; count: number }>;
  /** `--vpcSubnet`. */
  vpcSubnet?: string;
  /** `--awsEc2ProfileArn`. */
  instanceProfileArn?: string;
  /** `--awsEc2ExtraSecurityGroupId` (repeatable). */
  extraSecurityGroupIds: string[];
}

/** The leader of a cluster, as the cluster commands reach it. */
export interface ClusterLeader {
  /** The provider's ID of the leader instance. */
  id: string;
  /** The address ssh connects to. */
  address: string;
  /** The user to log in as. */
  user: string;
}

/** Creates, finds and destroys one named cluster (Toil's provisioner `launchCluster`/`destroyCluster`). */
export interface ClusterManager {
  /**
   * Check everything that can be checked (credentials, zone, node types, bids, key pair, name not in use) before
   * anything is created, throwing a one-line ToilError; then create the leader (and static workers) and resolve
   * once the leader is running. A failure after something was created removes it again.
   */
  launchCluster(spec: LaunchClusterSpec): Promise<ClusterLeader>;
  /** The running leader; a one-line ToilError when there is no such cluster. */
  getLeader(): Promise<ClusterLeader>;
  /**
   * Remove every instance, volume and security group (firewall rule) the cluster created, and nothing else; a
   * ToilError with code `NO_SUCH_CLUSTER` when there are none. The cluster's job stores are not the provisioner's:
   * `toil destroy-cluster` removes them afterwards through the store plugins' `clusterStores` hooks.
   */
  destroyCluster(): Promise<{ instances: number; securityGroups: number }>;
}

/**
 * What one node of an instance type offers jobs (Toil's provisioner `getNodeShape`). Disk is not asked for: it is
 * the root volume the provisioner creates, `--nodeStorage` GB or its `--nodeStorageOverrides` entry, which both
 * sides read from the config.
 */
export interface InstanceShape {
  /** CPU cores the batch system may give jobs. */
  cores: number;
  /** Memory in bytes the batch system may give jobs (what the node has, less what its own services need). */
  memory: number;
  /** Accelerators on the node (`[{ kind: 'gpu', count: 1 }]`); none when left out. */
  accelerators?: AcceleratorRequest[];
}

/** A worker node as the provisioner lists it. */
export interface ProvisionedNode {
  /** The provisioner's ID of the node (an instance ID), passed back to `terminateNodes`. */
  id: string;
  /**
   * The name the batch system knows the node by (for Slurm its NodeName, the host name it registers with), so the
   * autoscaler can ask the batch system whether the node runs a job.
   */
  name: string;
  /** The node type it was added as: the `nodeType` string given to `addNodes` (`'c5.4xlarge/c5a.4xlarge:0.42'`). */
  nodeType: string;
  /** Whether it is a spot/preemptible node. */
  preemptible: boolean;
  /**
   * Set when the node reported that its own boot failed (an EC2 instance that shut itself down from its user data,
   * a GCE instance that marked itself): why, in a few words. The autoscaler fails such a node at once instead of
   * waiting `--nodeBootTimeout` for it to join the batch system. Providers list such a node for a while after it
   * ended so the autoscaler sees it.
   */
  bootFailure?: string;
}

/** What a provisioner does for the leader (Toil's AbstractProvisioner, reduced to what scaling needs). */
export interface Provisioner {
  /**
   * Add `count` nodes of a node type as `--nodeTypes` writes it (`'t2.large'`, `'c5.4xlarge/c5a.4xlarge:0.42'` for
   * either instance type at a spot bid of $0.42/h); resolves with how many started. Starting fewer than asked (no
   * spot capacity at that bid) is not an error: the autoscaler compensates (`--preemptableCompensation`).
   */
  addNodes(nodeType: string, count: number, preemptible: boolean): Promise<number>;
  /** Terminate these nodes (by the IDs `getNodes` gives). */
  terminateNodes(nodeIds: readonly string[]): Promise<void>;
  /** The cluster's worker nodes now, those still booting included. */
  getNodes(preemptible?: boolean): Promise<ProvisionedNode[]>;
  /**
   * Cores, memory and accelerators of one node of an instance type (`'t2.large'`); throws a one-line ToilError
   * naming the instance type when the provider has no such type.
   */
  getNodeShape(instanceType: string, preemptible: boolean): Promise<InstanceShape>;
}

/**
 * A URL scheme for `toil.importFile`/`exportFile` and the file store's (`s3`, `gs`, ...), as Toil's URL access
 * for job stores. Core reads `file:` and `http(s):` itself; any other `<scheme>://` URL goes to the plugin of that
 * name (jobstore/url-schemes.ts), whatever the job store.
 */
export interface UrlSchemePlugin extends PluginBase {
  kind: 'urlScheme';
  /** Load the implementation lazily. */
  load(): Promise<UrlSchemeHandler>;
}

/** Reads and writes the files behind URLs of one scheme. */
export interface UrlSchemeHandler {
  /** Size and mode of the object, or a thrown `NoSuchFileError` when there is none. */
  stat(url: string): Promise<{ size: number; mode: number }>;
  /** Copy the object to a local file. */
  download(url: string, destPath: string): Promise<void>;
  /** Copy a local file to the URL. */
  upload(srcPath: string, url: string): Promise<void>;
  /**
   * Optional: the URLs of every object under `url` taken as a folder (`<url>/...`, recursively), sorted, so a
   * runner can import a folder given as a URL (a CWL Directory). A scheme without listings (http) leaves it out;
   * a prefix with no objects lists as `[]`.
   */
  list?(url: string): Promise<string[]>;
}

/** Any plugin. */
export type ToilPlugin = JobStorePlugin | BatchSystemPlugin | ProvisionerPlugin | UrlSchemePlugin;

/** The plugin kinds. */
export type PluginKind = ToilPlugin['kind'];

/** The descriptor type of one kind. */
export type PluginOf<K extends PluginKind> = Extract<ToilPlugin, { kind: K }>;

/**
 * What a plugin module must export: `plugin` (one descriptor) and/or `plugins` (a list), in any mix of kinds.
 * Found automatically when the package is named `toil-plugin-<x>` or `@<scope>/toil-plugin-<x>` and installed in a
 * `node_modules` above the `toil` command or the current directory; anything else is named in `TOIL_PLUGINS`.
 */
export interface ToilPluginModule {
  plugin?: ToilPlugin;
  plugins?: readonly ToilPlugin[];
}

/** Plugin kinds, as used in messages. */
export const PLUGIN_KIND_NAMES: Record<PluginKind, string> = {
  jobStore: 'job store',
  batchSystem: 'batch system',
  provisioner: 'provisioner',
  urlScheme: 'URL scheme',
};

/**
 * This project's own backend packages, by name: they need no `toil-plugin-` prefix, and a missing one is
 * reported with the command that installs it. Only packages that exist are listed.
 */
export const KNOWN_PLUGINS: { [K in PluginKind]: Readonly<Record<string, string>> } = {
  jobStore: {
    file: '@toil/jobstore-file',
    aws: '@toil/jobstore-aws',
    google: '@toil/jobstore-gcs',
  },
  batchSystem: {
    single_machine: '@toil/batch-single-machine',
    slurm: '@toil/batch-slurm',
    lsf: '@toil/batch-lsf',
    grid_engine: '@toil/batch-gridengine',
    torque: '@toil/batch-torque',
    htcondor: '@toil/batch-htcondor',
    parasol: '@toil/batch-parasol',
  },
  provisioner: {
    aws: '@toil/provisioner-aws',
    gce: '@toil/provisioner-gce',
  },
  urlScheme: {
    s3: '@toil/jobstore-aws',
    gs: '@toil/jobstore-gcs',
  },
};
