/**
 * The logging options through the real CLI on single_machine: --logFile, --rotatingLogging, --maxLogFileSize,
 * --writeLogs/--writeLogsGzip (with and without --writeLogsFromAllJobs), --realTimeLogging and --logFormat json.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { startToil } from './helpers/background.js';
import { fixture, runToil, toilRun } from './helpers/cli.js';
import { requireSlurm } from './helpers/hpc.js';
import { tempDir } from './helpers/temp.js';

/** The leader's log lines (text format) in what it printed on stderr. */
function logLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => /^\[\d{4}-\d\d-\d\dT[\d:.]+Z\] [A-Z]+ toil: /.test(line));
}

/** Files in `dir`, sorted, with job IDs replaced by `<id>` (they are random). */
async function logFileNames(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  return (await readdir(dir)).map((name) => name.replace(/_job[a-z0-9]+_/, '_<id>_')).sort();
}

/** The text of the one file in `dir` whose name starts with `prefix` (gunzipped for .gz). */
async function logFile(dir: string, prefix: string): Promise<string> {
  const names = (await readdir(dir)).filter((name) => name.startsWith(prefix));
  expect(names, `one file named ${prefix}* in ${dir}`).toHaveLength(1);
  const data = await readFile(join(dir, names[0]));
  return (names[0].endsWith('.gz') ? gunzipSync(data) : data).toString('utf8');
}

describe('--logFile and --rotatingLogging', () => {
  it('--logFile holds exactly the log the leader printed', async () => {
    const dir = await tempDir();
    const file = join(dir, 'leader.log');
    const result = await toilRun('logging.ts', join(dir, 'js'), 'chatty', ['Ada'], ['--logFile', file]);
    expect(result.code).toBe(0);
    const printed = logLines(result.stderr);
    expect(printed.some((line) => line.includes("Got message from job 'logging.quiet'"))).toBe(true);
    expect((await readFile(file, 'utf8')).trimEnd().split('\n')).toEqual(printed);
  });

  it('--rotatingLogging rotates the log file at --maxLogFileSize and keeps three old ones', async () => {
    const dir = await tempDir();
    const file = join(dir, 'leader.log');
    const result = await toilRun(
      'logging.ts',
      join(dir, 'js'),
      'many',
      [40],
      ['--logFile', file, '--rotatingLogging', '--maxLogFileSize', '1K'],
    );
    expect(result.code).toBe(0);
    expect(await readdir(dir)).toEqual(
      expect.arrayContaining(['leader.log', 'leader.log.1', 'leader.log.2', 'leader.log.3']),
    );
    expect(existsSync(`${file}.4`)).toBe(false);
    for (const name of ['leader.log', 'leader.log.1', 'leader.log.2', 'leader.log.3'])
      expect((await stat(join(dir, name))).size).toBeLessThanOrEqual(1000);
    const kept =
      (await Promise.all([3, 2, 1].map((n) => readFile(`${file}.${n}`, 'utf8')))).join('') +
      (await readFile(file, 'utf8'));
    // The files are the tail of what was printed, oldest first; the start was rotated away.
    const printed = `${logLines(result.stderr).join('\n')}\n`;
    expect(printed.endsWith(kept)).toBe(true);
    expect(kept.length).toBeLessThan(printed.length);
    expect(await readFile(file, 'utf8')).toContain('Finished the workflow');
  });

  it('without --rotatingLogging the log file just grows', async () => {
    const dir = await tempDir();
    const file = join(dir, 'leader.log');
    const result = await toilRun(
      'logging.ts',
      join(dir, 'js'),
      'many',
      [40],
      ['--logFile', file, '--maxLogFileSize', '1K'],
    );
    expect(result.code).toBe(0);
    expect(await readdir(dir)).not.toContain('leader.log.1');
    expect((await stat(file)).size).toBeGreaterThan(4000);
  });
});

describe('--writeLogs and --writeLogsGzip', () => {
  it("writes only failed jobs' logs by default, one file per attempt", async () => {
    const dir = await tempDir();
    const logs = join(dir, 'logs');
    const ok = await toilRun('logging.ts', join(dir, 'ok'), 'chatty', ['Bo'], ['--writeLogs', logs]);
    expect(ok.code).toBe(0);
    expect(await logFileNames(logs)).toEqual([]);

    const failed = await toilRun(
      'logging.ts',
      join(dir, 'failed'),
      'loud',
      [3, true],
      ['--writeLogs', logs, '--retryCount', '1'],
    );
    expect(failed.code).toBe(1);
    expect(await logFileNames(logs)).toEqual(['failed_logging.loud_<id>_000.log', 'failed_logging.loud_<id>_001.log']);
    for (const name of await readdir(logs))
      expect(await readFile(join(logs, name), 'utf8')).toContain('Error: loud failed on purpose after 3 lines');
  });

  it("a failed attempt's file holds its stored log and its worker output", async () => {
    const dir = await tempDir();
    const logs = join(dir, 'logs');
    const failed = await toilRun(
      'logging.ts',
      join(dir, 'js'),
      'loud',
      [3, true],
      ['--writeLogs', logs, '--retryCount', '0'],
    );
    expect(failed.code).toBe(1);
    const text = await logFile(logs, 'failed_logging.loud_');
    expect(text).toMatch(
      /^LOG-TO-MASTER: loud printed 3 lines\nJob 'logging.loud' job\w+ failed on host pid \d+:\nError: loud failed on purpose after 3 lines\n/,
    );
    expect(text).toContain('output line 00000\noutput line 00001\noutput line 00002\n');
  });

  it("writes every job's log with --writeLogsFromAllJobs: its output and ctx.log messages", async () => {
    const dir = await tempDir();
    const logs = join(dir, 'logs');
    const result = await toilRun(
      'logging.ts',
      join(dir, 'js'),
      'chatty',
      ['Cy'],
      ['--writeLogs', logs, '--writeLogsFromAllJobs'],
    );
    expect(result.code).toBe(0);
    expect(await logFileNames(logs)).toEqual(['logging.chatty_<id>_000.log', 'logging.quiet_<id>_000.log']);
    const chatty = await logFile(logs, 'logging.chatty_');
    expect(chatty.split('\n').map((line) => line.replace(/^\[[^\]]+\] /, '').replace(/ job\w+:/, ' <id>:'))).toEqual([
      'INFO logging.chatty <id>: info from Cy',
      'WARNING logging.chatty <id>: warning from Cy',
      'DEBUG logging.chatty <id>: debug from Cy',
      '',
    ]);
    expect(await logFile(logs, 'logging.quiet_')).toMatch(
      /^\[[^\]]+\] INFO logging.quiet job\w+: child says hi to Cy\n$/,
    );
  });

  it("writes successful jobs' logs at --logLevel DEBUG too, and into the current directory for a bare --writeLogs", async () => {
    const dir = await tempDir();
    const result = await runToil(
      [
        'run',
        fixture('logging.ts'),
        join(dir, 'js'),
        '--job',
        'loud',
        '--args',
        '[2, false]',
        '--writeLogs',
        '--logLevel',
        'DEBUG',
      ],
      { cwd: dir },
    );
    expect(result.code).toBe(0);
    expect((await logFileNames(dir)).filter((name) => name.endsWith('.log'))).toEqual(['logging.loud_<id>_000.log']);
    expect(await logFile(dir, 'logging.loud_')).toMatch(
      /^output line 00000\noutput line 00001\n\[[^\]]+\] INFO logging.loud job\w+: loud printed 2 lines\n$/,
    );
    // At DEBUG the leader also prints the log it received, each line tagged with the job's ID.
    expect(result.stderr).toMatch(
      /DEBUG toil: Received Toil worker log\. Disable debug level logging to hide this output\njob\w+ {4}output line 00000\n/,
    );
  });

  it('--writeLogsGzip writes the same logs gzipped', async () => {
    const dir = await tempDir();
    const logs = join(dir, 'gz');
    const ok = await toilRun(
      'logging.ts',
      join(dir, 'ok'),
      'loud',
      [5, false],
      ['--writeLogsGzip', logs, '--writeLogsFromAllJobs'],
    );
    expect(ok.code).toBe(0);
    const failed = await toilRun(
      'logging.ts',
      join(dir, 'failed'),
      'loud',
      [1, true],
      ['--writeLogsGzip', logs, '--retryCount', '0'],
    );
    expect(failed.code).toBe(1);
    expect(await logFileNames(logs)).toEqual(['failed_logging.loud_<id>_000.log.gz', 'logging.loud_<id>_000.log.gz']);
    expect(await logFile(logs, 'logging.loud_')).toContain('output line 00004\n');
    expect(await logFile(logs, 'failed_logging.loud_')).toContain('Error: loud failed on purpose after 1 lines');
  });
});

describe('--maxLogFileSize', () => {
  it('keeps the last N bytes of a successful job log, or all of it with 0', async () => {
    const dir = await tempDir();
    const cut = await toilRun(
      'logging.ts',
      join(dir, 'cut'),
      'loud',
      [2000, false],
      ['--writeLogs', join(dir, 'cut-logs'), '--writeLogsFromAllJobs', '--maxLogFileSize', '2K'],
    );
    expect(cut.code).toBe(0);
    const tail = await logFile(join(dir, 'cut-logs'), 'logging.loud_');
    expect(Buffer.byteLength(tail)).toBe(2048);
    expect(tail).toContain('output line 01999\n');
    expect(tail).toMatch(/INFO logging.loud job\w+: loud printed 2000 lines\n$/);
    expect(tail).not.toContain('output line 00000');

    const whole = await toilRun(
      'logging.ts',
      join(dir, 'whole'),
      'loud',
      [2000, false],
      ['--writeLogs', join(dir, 'whole-logs'), '--writeLogsFromAllJobs', '--maxLogFileSize', '0'],
    );
    expect(whole.code).toBe(0);
    const all = await logFile(join(dir, 'whole-logs'), 'logging.loud_');
    expect(all.split('\n').filter((line) => line.startsWith('output line '))).toHaveLength(2000);
  });

  it("cuts a failed job's stored log from the front (toil status --printLogs shows it)", async () => {
    const dir = await tempDir();
    const store = join(dir, 'js');
    const failed = await toilRun(
      'logging.ts',
      store,
      'loud',
      [1, true],
      ['--retryCount', '0', '--maxLogFileSize', '200'],
    );
    expect(failed.code).toBe(1);
    const status = await runToil(['status', store, '--printLogs']);
    const block = /LOG: =======>\n([\s\S]*?)\n<=========/.exec(status.stdout)?.[1];
    expect(block).toBeDefined();
    const stored = `${block!
      .split('\n')
      .map((line) => line.replace(/^\t/, ''))
      .join('\n')}\n`;
    expect(Buffer.byteLength(stored)).toBeLessThanOrEqual(200);
    expect(stored).not.toContain('LOG-TO-MASTER');

    const whole = await toilRun(
      'logging.ts',
      join(dir, 'whole'),
      'loud',
      [1, true],
      ['--retryCount', '0', '--maxLogFileSize', '0'],
    );
    expect(whole.code).toBe(1);
    const wholeStatus = await runToil(['status', join(dir, 'whole'), '--printLogs']);
    expect(wholeStatus.stdout).toContain('\tLOG-TO-MASTER: loud printed 1 lines\n');
  });
});

describe('--realTimeLogging', () => {
  /**
   * Run `waitsForLeader`, which logs and then waits for a marker file; create the marker as soon as the leader has
   * printed the job's messages. Returns the run's result and whether the messages came while the job waited.
   */
  async function runWaiting(extra: string[], waitMs: number, perDir: (dir: string) => string[] = () => []) {
    const dir = await tempDir();
    const marker = join(dir, 'marker');
    const run = startToil([
      'run',
      fixture('logging.ts'),
      join(dir, 'js'),
      '--job',
      'waitsForLeader',
      '--args',
      JSON.stringify([marker, waitMs]),
      ...extra,
      ...perDir(dir),
    ]);
    let stderr = '';
    let sawMessagesAt: number | undefined;
    run.child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (
        sawMessagesAt === undefined &&
        stderr.includes(': waiting for marker') &&
        stderr.includes(': realtime hello from waitsForLeader')
      ) {
        sawMessagesAt = Date.now();
        void writeFile(marker, 'seen');
      }
    });
    const result = await run.done;
    return { result, sawMessagesAt };
  }

  it("shows ctx.log and RealtimeLogger messages on the leader's log while the job is still running", async () => {
    const { result } = await runWaiting(['--realTimeLogging'], 60_000);
    expect(result.code).toBe(0);
    // The job only returns this once the marker exists, and the marker is made only after the leader printed.
    expect(result.stdout).toBe('"saw the marker"\n');
    const lines = logLines(result.stderr);
    expect(
      lines
        .filter((line) => line.includes('waitsForLeader'))
        .map((line) => line.replace(/^\[[^\]]+\] /, '').replace(/ job\w+ at \S+:/, ':')),
    ).toEqual([
      "INFO toil: Got message from job 'logging.waitsForLeader': waiting for marker",
      "INFO toil: Got message from job 'logging.waitsForLeader': realtime hello from waitsForLeader",
    ]);
    // Each message is printed within a couple of seconds of being logged.
    for (const line of lines.filter((l) => l.includes('waitsForLeader'))) {
      const [, printedAt, loggedAt] = /^\[([^\]]+)\].* at (\S+): /.exec(line)!;
      expect(Date.parse(printedAt) - Date.parse(loggedAt)).toBeLessThan(2000);
    }
  });

  it('shows the debug RealtimeLogger messages at --logLevel DEBUG', async () => {
    const { result } = await runWaiting(['--realTimeLogging', '--logLevel', 'DEBUG'], 60_000);
    expect(result.stdout).toBe('"saw the marker"\n');
    expect(result.stderr).toMatch(
      /DEBUG toil: Got message from job 'logging.waitsForLeader' job\w+ at \S+: a realtime debug message\n/,
    );
  });

  it(
    'works on a batch system whose workers share only the job store (the real local Slurm)',
    { timeout: 240_000 },
    async () => {
      requireSlurm();
      const { result } = await runWaiting(['--realTimeLogging', '--batchSystem', 'slurm'], 120_000, (dir) => [
        '--workDir',
        dir,
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe('"saw the marker"\n');
      expect(result.stderr).toMatch(
        /INFO toil: Got message from job 'logging.waitsForLeader' job\w+ at \S+: realtime hello from waitsForLeader\n/,
      );
    },
  );

  it('without it, ctx.log messages arrive only when the job has ended, and RealtimeLogger ones not at all', async () => {
    const { result, sawMessagesAt } = await runWaiting([], 3000);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('"timed out"\n');
    expect(sawMessagesAt).toBeUndefined();
    expect(
      logLines(result.stderr)
        .filter((line) => line.includes('waitsForLeader'))
        .map((line) => line.replace(/^.*: /, '')),
    ).toEqual(['waiting for marker']);
  });
});

describe('--logFormat json', () => {
  it('writes one JSON object per line with time, level and msg, and the job ID and name on job messages', async () => {
    const dir = await tempDir();
    const file = join(dir, 'leader.jsonl');
    const result = await toilRun(
      'logging.ts',
      join(dir, 'js'),
      'chatty',
      ['Dina'],
      ['--logFormat', 'json', '--logFile', file],
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('4\n');
    const lines = result.stderr
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const line of lines) {
      expect(typeof line.msg).toBe('string');
      expect(['DEBUG', 'INFO', 'WARNING', 'ERROR']).toContain(line.level);
      expect(Date.parse(String(line.time))).toBeGreaterThan(Date.now() - 600_000);
    }
    expect(lines[0]).toMatchObject({
      level: 'INFO',
      source: 'toil',
      msg: expect.stringMatching(/^Running the workflow on single_machine/),
    });
    const fromJobs = lines.filter((line) => line.jobId !== undefined);
    expect(fromJobs.map((line) => [line.level, line.jobName, String(line.msg).replace(/^.*: /, '')]).sort()).toEqual([
      ['INFO', 'logging.chatty', 'info from Dina'],
      ['INFO', 'logging.quiet', 'child says hi to Dina'],
      ['WARNING', 'logging.chatty', 'warning from Dina'],
    ]);
    for (const line of fromJobs) expect(line.jobId).toMatch(/^job\w+$/);
    expect(await readFile(file, 'utf8')).toBe(result.stderr);
  });

  it("puts a failed job's log in one JSON line that names the job", async () => {
    const dir = await tempDir();
    const result = await toilRun(
      'logging.ts',
      join(dir, 'js'),
      'loud',
      [1, true],
      ['--logFormat', 'json', '--retryCount', '0'],
    );
    expect(result.code).toBe(1);
    const lines = result.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const log = lines.find((line) => String(line.msg).startsWith('---TOIL WORKER OUTPUT LOG---'));
    expect(log).toMatchObject({ level: 'WARNING', jobName: 'logging.loud', jobId: expect.stringMatching(/^job\w+$/) });
    expect(String(log!.msg)).toContain('Error: loud failed on purpose after 1 lines');
    // The final user error stays one plain line.
    expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(/^toil: The workflow failed: /);
  });

  it('refuses an unknown format in one line', async () => {
    const dir = await tempDir();
    const result = await toilRun('logging.ts', join(dir, 'js'), 'chatty', ['Ed'], ['--logFormat', 'yaml']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('toil: Invalid --logFormat "yaml": use one of: text, json\n');
  });
});
