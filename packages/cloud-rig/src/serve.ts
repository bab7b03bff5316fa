import { appendFileSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { importKeyPair } from './ec2/key-pairs.js';
import { Ec2Fake } from './ec2/server.js';
import { GceFake } from './gce/server.js';
import { forwardToLoopback } from './forward.js';
import { HostManager } from './hosts/host-manager.js';

/** What `toil-cloud-rig serve` reads from its environment (tooling/start-cloud-rig.sh sets it). */
export interface ServeSettings {
  id: string;
  subnet: number;
  port: number;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** A public key file to import as key pair `keyName` at start, so the walkthrough needs no EC2 client. */
  publicKeyFile?: string;
  keyName: string;
  /** The test S3 server's port on 127.0.0.1, forwarded from the bridge address; none when undefined. */
  s3Port?: number;
  /** The fake GCE's port on the bridge address, its one project, and the bearer token it accepts. */
  gce: { port: number; project: string; token: string };
}

/**
 * Run the rig until SIGTERM/SIGINT: the bridge, the fake EC2 on the bridge address (so cluster hosts reach it
 * too), the S3 forward, and `<state>/env` with the `export` lines to eval. On the signal every instance is
 * terminated and the rig swept (hosts, namespaces, bridge), then the process exits.
 */
export async function serve(s: ServeSettings): Promise<void> {
  const hosts = new HostManager({ id: s.id, subnet: s.subnet });
  await hosts.sweep();
  await hosts.up();
  const logFile = join(hosts.layout.stateDir, 'rig.log');
  const log = (line: string) => appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`, { mode: 0o600 });
  const fake = new Ec2Fake({ hosts, listenHost: hosts.layout.bridgeIp, port: s.port, accessKeyId: s.accessKeyId, log });
  const endpoint = await fake.start();
  const gce = new GceFake({ hosts, listenHost: hosts.layout.bridgeIp, ...s.gce, log: (line) => log(`gce ${line}`) });
  const gceEndpoint = await gce.start();
  if (s.publicKeyFile) {
    const material = Buffer.from(readFileSync(s.publicKeyFile, 'utf8')).toString('base64');
    const params = { Action: 'ImportKeyPair', KeyName: s.keyName, PublicKeyMaterial: material };
    await importKeyPair({ state: fake.state, hosts, region: s.region, params, track: () => undefined });
  }
  const s3 = s.s3Port === undefined ? undefined : await forwardToLoopback(hosts.layout.bridgeIp, s.s3Port);
  const exports: Record<string, string> = {
    AWS_ENDPOINT_URL_EC2: endpoint,
    AWS_ACCESS_KEY_ID: s.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s.secretAccessKey,
    AWS_REGION: s.region,
    AWS_EC2_METADATA_DISABLED: 'true',
    TOIL_AWS_ZONE: `${s.region}a`,
    TOIL_AWS_AMI: 'ami-0a11fa4e00000001',
    TOIL_RIG_KEY_PAIR: s.keyName,
    TOIL_RIG_STATE: hosts.layout.stateDir,
    TOIL_GCE_ENDPOINT: gceEndpoint,
    TOIL_GCE_PROJECT: s.gce.project,
    TOIL_GCE_ZONE: 'us-west1-a',
    TOIL_GCE_ACCESS_TOKEN: s.gce.token,
    // No metadata server on the rig: Google's credential chain must not wait for one.
    METADATA_SERVER_DETECTION: 'none',
  };
  if (s.publicKeyFile) exports.TOIL_GCE_SSH_PUBLIC_KEY = s.publicKeyFile;
  if (s.s3Port !== undefined) {
    Object.assign(exports, {
      TOIL_S3_HOST: hosts.layout.bridgeIp,
      TOIL_S3_PORT: String(s.s3Port),
      TOIL_S3_USE_SSL: 'False',
    });
  }
  const text = Object.entries(exports)
    .map(([k, v]) => `export ${k}='${v}'`)
    .join('\n');
  await writeFile(join(hosts.layout.stateDir, 'env'), `${text}\n`, { mode: 0o600 });
  log(`rig ${s.id} up: ${endpoint}, gce ${gceEndpoint}`);

  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  log('stopping');
  s3?.close();
  await fake.stop();
  await gce.stop();
  await hosts.sweep();
  log('stopped');
}
