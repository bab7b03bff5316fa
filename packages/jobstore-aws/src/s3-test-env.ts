import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';

/**
 * The test S3 server's settings (tooling/start-s3.sh writes them, 0600, to /tmp/toil-s3-<uid>/env, or to
 * $TOIL_S3_DIR/env), as environment variables for the SDK and the CLI; undefined when no server was started.
 */
export function testS3Env(): Record<string, string> | undefined {
  const file = `${process.env.TOIL_S3_DIR ?? `/tmp/toil-s3-${userInfo().uid}`}/env`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}
