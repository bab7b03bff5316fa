import { describe, expect, it } from 'vitest';
import { startupScript } from './boot.js';
import { leaderEnvironment } from './leader-env.js';

const rig = {
  TOIL_GCE_ENDPOINT: 'http://10.77.241.1:8788',
  TOIL_PLUGINS: '/src/provisioner-gce/dist/index.js,/src/jobstore-aws/dist/index.js',
  TOIL_S3_HOST: '10.77.241.1',
  TOIL_S3_PORT: '9000',
  AWS_ACCESS_KEY_ID: 'rigkey',
  AWS_SECRET_ACCESS_KEY: "s3cr$t'x",
  AWS_REGION: '',
  HOME: '/home/someone',
};

describe('the environment a GCE leader gets for the workflows run on it', () => {
  it('carries the plugins, the S3 server and its credentials only with a private Compute endpoint', () => {
    expect(leaderEnvironment(rig)).toEqual({
      TOIL_PLUGINS: rig.TOIL_PLUGINS,
      TOIL_S3_HOST: '10.77.241.1',
      TOIL_S3_PORT: '9000',
      AWS_ACCESS_KEY_ID: 'rigkey',
      AWS_SECRET_ACCESS_KEY: "s3cr$t'x",
    });
    // On Google the leader uses its service account and installs @toil/cli: no credential is written to it.
    expect(leaderEnvironment({ ...rig, TOIL_GCE_ENDPOINT: undefined })).toEqual({});
  });

  it('refuses a value with a line break, naming the variable and not its value', () => {
    expect(() => leaderEnvironment({ ...rig, AWS_SECRET_ACCESS_KEY: 'a\nb' })).toThrow(
      /^AWS_SECRET_ACCESS_KEY holds a line break; the leader needs it on one line\.$/,
    );
  });

  it('is written by the boot into cluster.env through a quoted heredoc, so nothing in a value expands', () => {
    const script = startupScript({
      clusterName: 'c1',
      role: 'leader',
      zone: 'us-west1-a',
      version: '0.0.0',
      project: 'p',
      keyPairName: 'toil',
      env: leaderEnvironment(rig),
    });
    const block = /cat >> \/root\/\.toil\/cluster\.env <<'ENV'\n([\s\S]*?)\nENV\n/.exec(script);
    expect(block, script).not.toBeNull();
    expect(block![1]!.split('\n')).toContain(`export AWS_SECRET_ACCESS_KEY='s3cr$t'\\''x'`);
    expect(block![1]).toContain(`export TOIL_PLUGINS='${rig.TOIL_PLUGINS}'`);
    // never echoed: the secret appears in the script once, inside that heredoc
    expect(script.split('s3cr$t').length).toBe(2);
    // TOIL_PROVISIONER would be --provisioner's default for every toil run on the leader (needing --nodeTypes)
    expect(script).not.toContain('TOIL_PROVISIONER');
    expect(block![1]).toContain("export TOIL_GCE_PROJECT='p'");
  });
});
