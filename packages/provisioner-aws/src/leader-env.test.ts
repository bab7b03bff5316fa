import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { leaderEnvironment } from './leader-env.js';
import { userData } from './user-data.js';

const rig = {
  AWS_ENDPOINT_URL_EC2: 'http://10.77.0.1:8773',
  AWS_ACCESS_KEY_ID: 'AKID',
  AWS_SECRET_ACCESS_KEY: "s3cr$t'`x`",
  AWS_REGION: 'us-west-2',
  TOIL_AWS_AMI: 'ami-1',
  TOIL_S3_HOST: '10.77.0.1',
  TOIL_S3_PORT: '7480',
  TOIL_PLUGINS: '/x/provisioner-aws/dist/index.js',
  HOME: '/root',
};

describe('the leader environment', () => {
  it('on AWS holds the key pair and image only: credentials come from the instance profile there', () => {
    const { AWS_ENDPOINT_URL_EC2: _endpoint, ...aws } = rig;
    expect(leaderEnvironment('kp', aws)).toEqual({ TOIL_AWS_KEY_PAIR: 'kp', TOIL_AWS_AMI: 'ami-1' });
  });

  it('with a private EC2 endpoint (the rig) also holds the endpoint, credentials and S3 server, not the rest', () => {
    const env = leaderEnvironment('kp', rig);
    const { HOME: _home, ...expected } = rig;
    expect(env).toEqual({ TOIL_AWS_KEY_PAIR: 'kp', ...expected });
  });

  it('refuses a value with a line break in one line naming the variable, without quoting the value', () => {
    expect(() => leaderEnvironment('kp', { ...rig, AWS_SECRET_ACCESS_KEY: 'a\nb' })).toThrow(
      /^AWS_SECRET_ACCESS_KEY holds a line break; nodes need it on one line\.$/,
    );
  });

  it('is written by the boot verbatim, without shell expansion, and read back by sh', () => {
    // Only the cluster.env part of the user data is run, with /root/.toil pointed at a scratch folder.
    const dir = mkdtempSync(join(tmpdir(), 'toil-leader-env-'));
    try {
      const script = userData({
        clusterName: 'c',
        role: 'leader',
        zone: 'us-west-2a',
        version: '0.0.0',
        env: leaderEnvironment('kp', rig),
      });
      const part = script.slice(script.indexOf('(umask 077'), script.indexOf("grep -qs 'toil/cluster.env'"));
      writeFileSync(join(dir, 'boot.sh'), part.replaceAll('/root/.toil', dir));
      execFileSync('sh', [join(dir, 'boot.sh')]);
      const file = join(dir, 'cluster.env');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const read = execFileSync(
        'sh',
        ['-c', `. ${file}; printf '%s|%s' "$AWS_SECRET_ACCESS_KEY" "$TOIL_AWS_KEY_PAIR"`],
        {
          encoding: 'utf8',
        },
      );
      expect(read).toBe(`${rig.AWS_SECRET_ACCESS_KEY}|kp`);
      expect(readFileSync(file, 'utf8')).toMatch(/^export TOIL_LEADER_ADDRESS=\d+\.\d+\.\d+\.\d+$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
