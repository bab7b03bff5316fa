import { GceOptionError } from './errors.js';

/** Where and as whom the provisioner talks to Compute Engine, read once from options and the environment. */
export interface GceSettings {
  /** The project (`TOIL_GCE_PROJECT`, else `GOOGLE_CLOUD_PROJECT`). */
  project: string;
  /** The zone (`-z/--zone`, else `TOIL_GCE_ZONE`), e.g. `us-west1-a`. */
  zone: string;
  /** The boot image of every node (`TOIL_GCE_IMAGE`; default Debian 12's image family). */
  image: string;
  /** A Compute-compatible server (`TOIL_GCE_ENDPOINT`, `http(s)://host:port`); undefined for Google itself. */
  endpoint?: URL;
  /**
   * An OAuth 2 access token (`TOIL_GCE_ACCESS_TOKEN`, e.g. from `gcloud auth print-access-token`); undefined uses
   * Google's default credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud's application default, the metadata server).
   */
  accessToken?: string;
}

const ZONE = /^[a-z]+-[a-z]+\d+-[a-z]$/;
/** Debian 12 with Google's guest agent, which runs the `startup-script` metadata at boot. */
const DEFAULT_IMAGE = 'projects/debian-cloud/global/images/family/debian-12';

/** Read and check the settings: a missing project or zone, or a malformed zone or endpoint, is one line here. */
export function gceSettings(zoneOption: string | undefined, env: NodeJS.ProcessEnv = process.env): GceSettings {
  const project = env.TOIL_GCE_PROJECT || env.GOOGLE_CLOUD_PROJECT;
  if (!project) {
    throw new GceOptionError(
      'NO_GCE_PROJECT',
      'No Google Cloud project given: set TOIL_GCE_PROJECT (or GOOGLE_CLOUD_PROJECT) to the project ID the cluster goes in.',
    );
  }
  const zone = zoneOption ?? env.TOIL_GCE_ZONE;
  if (!zone) {
    throw new GceOptionError('NO_ZONE', 'No zone given: pass -z/--zone (e.g. us-west1-a) or set TOIL_GCE_ZONE.');
  }
  if (!ZONE.test(zone)) {
    throw new GceOptionError('BAD_ZONE', `'${zone}' is not a GCE zone: write a region and a letter, e.g. us-west1-a.`);
  }
  let endpoint: URL | undefined;
  if (env.TOIL_GCE_ENDPOINT) {
    try {
      endpoint = new URL(env.TOIL_GCE_ENDPOINT);
    } catch {
      endpoint = undefined;
    }
    if (!endpoint || !['http:', 'https:'].includes(endpoint.protocol) || endpoint.pathname !== '/') {
      throw new GceOptionError(
        'BAD_GCE_ENDPOINT',
        `TOIL_GCE_ENDPOINT '${env.TOIL_GCE_ENDPOINT}' is not a server's base URL: write e.g. http://127.0.0.1:8775, or unset it for Google.`,
      );
    }
  }
  return {
    project,
    zone,
    image: env.TOIL_GCE_IMAGE || DEFAULT_IMAGE,
    endpoint,
    accessToken: env.TOIL_GCE_ACCESS_TOKEN || undefined,
  };
}

/**
 * Cluster names become instance names (`<name>-leader`, `<name>-w-<6 hex>`), firewall names and label values:
 * lowercase letters, digits and dashes, starting with a letter, short enough for the longest derived name.
 */
export function checkClusterName(name: string): string {
  if (!/^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/.test(name)) {
    throw new GceOptionError(
      'BAD_CLUSTER_NAME',
      `The cluster name '${name}' is not allowed on GCE: use up to 40 lowercase letters, digits and dashes, starting with a letter.`,
    );
  }
  return name;
}
