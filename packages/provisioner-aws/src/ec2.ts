import type { EC2Client } from '@aws-sdk/client-ec2';
import { AwsRequestError, ClusterOptionError } from './errors.js';

/** The SDK module, loaded on first use so that listing plugins or `--help` never loads it. */
export type Ec2Sdk = typeof import('@aws-sdk/client-ec2');

let sdkPromise: Promise<Ec2Sdk> | undefined;

/** Import @aws-sdk/client-ec2 once. */
export function loadSdk(): Promise<Ec2Sdk> {
  // The SDK warns on every command that its 2027 releases need Node 22; the project pins Node 20 until its move
  // (README, Packages) and a cluster command's output must stay one line on failure. A user's own setting wins.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  sdkPromise ??= import('@aws-sdk/client-ec2');
  return sdkPromise;
}

/** Turn an SDK failure into a one-line ToilError: missing or refused credentials say how to give them. */
export function mapAwsError(action: string, error: unknown): Error {
  const e = error as { name?: string; message?: string };
  const name = e.name ?? 'Error';
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(e.message ?? '')) {
    return new ClusterOptionError(
      'NO_AWS_CREDENTIALS',
      'No AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with ~/.aws/credentials (aws configure).',
    );
  }
  if (name === 'AuthFailure' || name === 'UnrecognizedClientException' || name === 'InvalidClientTokenId') {
    return new ClusterOptionError(
      'AWS_CREDENTIALS_REFUSED',
      `EC2 refused the AWS credentials (${name}): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or AWS_PROFILE.`,
    );
  }
  return new AwsRequestError(action, name, (e.message ?? String(error)).split('\n')[0]!, { cause: error });
}

/**
 * One region's EC2, as the provisioner uses it. The endpoint is the SDK's own choice: AWS, or
 * `AWS_ENDPOINT_URL_EC2` (the SDK reads it), which is how the test rig's fake is reached.
 */
export class Ec2 {
  private client?: EC2Client;

  constructor(readonly region: string) {}

  /** The loaded SDK module. */
  sdk(): Promise<Ec2Sdk> {
    return loadSdk();
  }

  /** Send a command built from the SDK module; failures become one-line ToilErrors naming the action. */
  async send<T>(action: string, build: (sdk: Ec2Sdk) => object): Promise<T> {
    const sdk = await loadSdk();
    this.client ??= new sdk.EC2Client({ region: this.region });
    try {
      // Each SDK command class has its own input/output pair that the client's union type does not accept as is;
      // the caller names the output type it built the command for.
      return (await this.client.send(build(sdk) as never)) as T;
    } catch (error) {
      throw mapAwsError(action, error);
    }
  }

  /** Close the client's connections. */
  close(): void {
    this.client?.destroy();
  }
}
