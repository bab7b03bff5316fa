import { ToilError } from '@toil/core';

/** A bad value of a cluster option or setting: quotes the value, says what would work. */
export class GceOptionError extends ToilError {
  constructor(code: string, message: string) {
    super(code, message);
  }
}

/** `launch-cluster` with a name another cluster uses in the project. */
export class GceClusterExistsError extends ToilError {
  constructor(readonly clusterName: string) {
    super(
      'CLUSTER_EXISTS',
      `A cluster named '${clusterName}' already exists in this project. Choose another name, or remove it with 'toil destroy-cluster -p gce ${clusterName}'.`,
    );
  }
}

/** A cluster command about a cluster that has nothing in the zone. */
export class GceNoSuchClusterError extends ToilError {
  constructor(
    readonly clusterName: string,
    readonly zone: string,
  ) {
    super(
      'NO_SUCH_CLUSTER',
      `No cluster named '${clusterName}' exists in zone ${zone}. Check the name and -z/--zone (or TOIL_GCE_ZONE).`,
    );
  }
}

/** Compute Engine refused a request for a reason that is not the user's input (one line with GCE's message). */
export class GceRequestError extends ToilError {
  constructor(
    readonly action: string,
    readonly httpStatus: number | undefined,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super('GCE_REQUEST_FAILED', `Compute Engine ${action} failed: ${detail}`, options);
  }
}
