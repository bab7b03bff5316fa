/**
 * ctx.log: messages from jobs, run in worker processes, reach the leader's stderr at their level (Toil's logToMaster).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toilRun } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

/** The leader's lines that relay job messages, as `LEVEL job: text`. */
function relayed(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((line) => /^\[[^\]]+\] (\w+) toil: Got message from job '([^']+)' job\w+ at \S+: (.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(([, level, job, text]) => `${level} ${job}: ${text}`)
    .sort();
}

describe('ctx.log', () => {
  it("relays job messages to the leader's stderr with their level, from every job, not the debug ones at INFO", async () => {
    const result = await toilRun('logging.ts', join(await tempDir(), 'js'), 'chatty', ['Ada']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('3\n');
    expect(relayed(result.stderr)).toEqual([
      'INFO logging.chatty: info from Ada',
      'INFO logging.quiet: child says hi to Ada',
      'WARNING logging.chatty: warning from Ada',
    ]);
  });

  it('shows debug messages with --logLevel DEBUG and only warnings with --logLevel WARNING', async () => {
    const dir = await tempDir();
    const debug = await toilRun('logging.ts', join(dir, 'debug'), 'chatty', ['Bo'], ['--logLevel', 'DEBUG']);
    expect(relayed(debug.stderr)).toContain('DEBUG logging.chatty: debug from Bo');
    const warning = await toilRun('logging.ts', join(dir, 'warning'), 'chatty', ['Cy'], ['--logLevel', 'WARNING']);
    expect(warning.code).toBe(0);
    expect(relayed(warning.stderr)).toEqual(['WARNING logging.chatty: warning from Cy']);
    // The leader's own INFO lines are gone too.
    expect(warning.stderr).not.toContain('INFO toil:');
  });
});
