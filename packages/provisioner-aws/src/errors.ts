import { ToilError } from '@toil/core';

/** `launch-cluster` with a name another cluster uses. */
export class ClusterExistsError extends ToilError {
  constructor(readonly clusterName: string) {
    super(
      'CLUSTER_EXISTS',
      `A cluster named '${clusterName}' already exists in this region. Choose another name, or remove it with 'toil destroy-cluster ${clusterName}'.`,
    );
  }
}

/** A cluster command about a cluster that has no running leader. */
export class NoSuchClusterError extends ToilError {
  constructor(readonly clusterName: string) {
    super(
      'NO_SUCH_CLUSTER',
      `No cluster named '${clusterName}' exists in this zone's region. Check the name and -z/--zone (or TOIL_AWS_ZONE).`,
    );
  }
}

/** A bad value of a cluster option: names the option, quotes the value, says what would work. */
export class ClusterOptionError extends ToilError {
  constructor(code: string, message: string) {
    super(code, message);
  }
}

/** AWS refused a request for a reason that is not the user's input (a one-line message with AWS's code). */
export class AwsRequestError extends ToilError {
  constructor(
    readonly action: string,
    readonly awsCode: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super('AWS_REQUEST_FAILED', `EC2 ${action} failed: ${awsCode}: ${detail}`, options);
  }
}
