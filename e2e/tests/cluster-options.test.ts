/**
 * The cluster commands' options that take one value are refused when given twice (yargs would hand the command
 * `'a,b'`), in one line naming the option and quoting both values, before any plugin or cloud is reached; options
 * meant to repeat (`-t/--tag`, `--awsEc2ExtraSecurityGroupId`) still do.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLines, runToil, stackFrames, type RunResult } from './helpers/cli.js';

const PLUGIN = resolve(import.meta.dirname, '../../packages/provisioner-aws/dist/index.js');

/** No credentials anywhere: a command that got past its options stops at the first EC2 request, saying so. */
const NO_CLOUD = {
  TOIL_PLUGINS: PLUGIN,
  TOIL_AWS_AMI: 'ami-0a11fa4e00000001',
  TOIL_AWS_ZONE: 'us-west-2a',
  AWS_ACCESS_KEY_ID: '',
  AWS_SECRET_ACCESS_KEY: '',
  AWS_PROFILE: '',
  AWS_CONFIG_FILE: '/nonexistent',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_ENDPOINT_URL_EC2: 'http://127.0.0.1:9',
};

function onlyLine(result: RunResult): string {
  expect(result.code, result.stderr).not.toBe(0);
  expect(result.stdout).toBe('');
  expect(stackFrames(result.stderr), result.stderr).toEqual([]);
  const lines = errorLines(result.stderr);
  expect(lines, result.stderr).toHaveLength(1);
  return lines[0]!;
}

const launch = ['launch-cluster', 'c9', '--leaderNodeType', 't2.medium'];

describe('repeated single-valued options of the cluster commands', () => {
  it('refuses each in one line quoting its values, before the cloud is asked', async () => {
    const cases: Array<[string[], string]> = [
      [
        [...launch, '--keyPairName', 'a', '--keyPairName', 'b'],
        "toil: --keyPairName was given 2 times ('a', 'b'): it takes one value, give it once.",
      ],
      [
        [...launch, '--keyPairName', 'a', '-z', 'us-west-2a', '--zone', 'us-west-2b'],
        "toil: --zone was given 2 times ('us-west-2a', 'us-west-2b'): it takes one value, give it once.",
      ],
      [
        [...launch, '--keyPairName', 'a', '--nodeStorage', '20', '--nodeStorage', '30'],
        "toil: --nodeStorage was given 2 times ('20', '30'): it takes one value, give it once.",
      ],
      [
        [...launch, '--keyPairName', 'a', '--nodeTypes', 't2.small', '--nodeTypes', 't2.micro', '-w', '1'],
        "toil: --nodeTypes was given 2 times ('t2.small', 't2.micro'): it takes one value, give it once.",
      ],
      [
        ['ssh-cluster', 'c9', '-p', 'aws', '--provisioner', 'aws', 'hostname'],
        "toil: --provisioner was given 2 times ('aws', 'aws'): it takes one value, give it once.",
      ],
      [
        ['destroy-cluster', 'c9', '--logLevel', 'INFO', '--logLevel', 'DEBUG'],
        "toil: --logLevel was given 2 times ('INFO', 'DEBUG'): it takes one value, give it once.",
      ],
      [
        ['rsync-cluster', 'c9', '--zone', 'us-west-2a', '--zone', 'us-west-2c', 'wf.ts', ':'],
        "toil: --zone was given 2 times ('us-west-2a', 'us-west-2c'): it takes one value, give it once.",
      ],
    ];
    for (const [args, expected] of cases) {
      expect(onlyLine(await runToil(args, { env: NO_CLOUD })), args.join(' ')).toBe(expected);
    }
  });

  it('keeps the repeatable options repeatable: the command goes on to the cloud', async () => {
    const args = [...launch, '--keyPairName', 'a', '-t', 'A=1', '-t', 'B=2'];
    args.push('--awsEc2ExtraSecurityGroupId', 'sg-1', '--awsEc2ExtraSecurityGroupId', 'sg-2');
    expect(onlyLine(await runToil(args, { env: NO_CLOUD }))).toMatch(/^toil: No AWS credentials found: /);
  });
});
