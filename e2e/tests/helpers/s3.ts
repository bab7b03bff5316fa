/**
 * The throwaway S3 server of tooling/start-s3.sh (Ceph radosgw on 127.0.0.1), which the test command starts:
 * its endpoint and keys, read from the 0600 env file it writes, for the CLI's environment.
 */
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';

/** TOIL_S3_HOST/PORT/USE_SSL, AWS_ACCESS_KEY_ID/SECRET_ACCESS_KEY and AWS_REGION of the test server. */
export function testS3Env(): Record<string, string> {
  const file = `${process.env.TOIL_S3_DIR ?? `/tmp/toil-s3-${userInfo().uid}`}/env`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`no S3 test server: ${file} is missing; run 'bash tooling/start-s3.sh' first`);
  }
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** A job store name no other test or run uses. */
export function uniqueStoreName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
}
