import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobStore } from '../jobstore/jobstore.js';
import type { LogFields, Logger } from '../log/logger.js';
import type { LogLevel } from '../options/config.js';
import { JobLogFiles } from './job-log-files.js';
import { StatsDrain } from './stats-drain.js';

/** A stats channel holding the given blobs until read. */
function channel(blobs: string[]): JobStore {
  return {
    readStatsAndLogging: async (callback: (blob: string) => Promise<void>) => {
      const taken = blobs.splice(0);
      for (const blob of taken) await callback(blob);
      return taken.length;
    },
  } as unknown as JobStore;
}

/** A logger that records `LEVEL message fields`. */
function recorder(level: LogLevel): Logger & { lines: { level: string; message: string; fields?: LogFields }[] } {
  const order = ['DEBUG', 'INFO', 'WARNING', 'ERROR'];
  const lines: { level: string; message: string; fields?: LogFields }[] = [];
  const at = (lvl: string) => (message: string, fields?: LogFields) => void lines.push({ level: lvl, message, fields });
  return { lines, debug: at('DEBUG'), info: at('INFO'), warn: at('WARNING'), error: at('ERROR'), enabled: (l) => order.indexOf(l) >= order.indexOf(level) };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'toil-drain-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const time = Date.parse('2024-01-02T03:04:05.000Z');

describe('StatsDrain', () => {
  it("relays jobs' messages at their level, with the job as fields", async () => {
    const log = recorder('DEBUG');
    const blob = JSON.stringify({ logs: [
      { jobStoreID: 'job1', name: 'a', level: 20, text: 'hello', time },
      { jobStoreID: 'job1', name: 'a', level: 50, text: 'boom', time },
    ] });
    await new StatsDrain(channel([blob]), log).stop();
    expect(log.lines).toEqual([
      { level: 'INFO', message: "Got message from job 'a' job1 at 2024-01-02T03:04:05.000Z: hello", fields: { jobId: 'job1', jobName: 'a' } },
      { level: 'ERROR', message: "Got message from job 'a' job1 at 2024-01-02T03:04:05.000Z: boom", fields: { jobId: 'job1', jobName: 'a' } },
    ]);
  });

  it('writes received job logs to --writeLogs files, and prints them only at DEBUG', async () => {
    const blob = JSON.stringify({ logs: [], jobLogs: [{ jobStoreID: 'job2', name: 'b', text: 'line one\nline two\n' }] });
    const info = recorder('INFO');
    await new StatsDrain(channel([blob]), info, { logFiles: JobLogFiles.fromConfig({ writeLogs: dir }) }).stop();
    expect(info.lines).toEqual([]);
    expect(await readdir(dir)).toEqual(['b_job2_000.log']);
    expect(await readFile(join(dir, 'b_job2_000.log'), 'utf8')).toBe('line one\nline two\n');

    const debug = recorder('DEBUG');
    await new StatsDrain(channel([blob]), debug).stop();
    expect(debug.lines.map((l) => l.message)).toEqual(['Received Toil worker log. Disable debug level logging to hide this output\njob2    line one\njob2    line two']);
  });

  it('warns and goes on when a log file cannot be written', async () => {
    const blob = JSON.stringify({ jobLogs: [{ jobStoreID: 'job3', name: 'c', text: 'x' }], logs: [{ jobStoreID: 'job3', name: 'c', level: 20, text: 'after', time }] });
    const log = recorder('INFO');
    // A file where the directory should be: mkdir fails.
    const blocked = join(dir, 'file');
    await writeFile(blocked, '');
    await new StatsDrain(channel([blob]), log, { logFiles: JobLogFiles.fromConfig({ writeLogs: join(blocked, 'logs') }) }).stop();
    expect(log.lines.map((l) => l.level)).toEqual(['INFO', 'WARNING']);
    expect(log.lines[1].message).toMatch(/^Could not write the log of job 'c' job3 to .*file\/logs: /);
  });

  it('reads the channel every 250 ms with --realTimeLogging', async () => {
    const blobs: string[] = [];
    const log = recorder('INFO');
    const drain = new StatsDrain(channel(blobs), log, { realtime: true });
    drain.start();
    blobs.push(JSON.stringify({ logs: [{ jobStoreID: 'job4', name: 'd', level: 20, text: 'live', time }] }));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(log.lines.map((l) => l.message)).toEqual(["Got message from job 'd' job4 at 2024-01-02T03:04:05.000Z: live"]);
    await drain.stop();
  });
});
