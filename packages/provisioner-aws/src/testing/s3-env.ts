import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';

/**
 * Test helper: the test S3 server's settings that tooling/start-s3.sh writes (0600) to /tmp/toil-s3-<uid>/env
 * (or $TOIL_S3_DIR/env), as environment variables; throws, saying how to start it, when it is not running.
 */
export function requireTestS3Env(): Record<string, string> {
  const file = `${process.env.TOIL_S3_DIR ?? `/tmp/toil-s3-${userInfo().uid}`}/env`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`These tests need the test S3 server (no ${file}): run bash tooling/start-s3.sh`, { cause: error });
  }
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}
