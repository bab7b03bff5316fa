import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MalformedStatsBlobError } from '../errors.js';
import type { JobStore } from '../jobstore/jobstore.js';
import type { LogFields, Logger } from '../log/logger.js';
import type { LogLevel } from '../options/config.js';
import { JobLogFiles } from './job-log-files.js';
import { StatsDrain } from './stats-drain.js';

/**
 * A stats channel holding the given blobs until read, with the store contract for reader faults: a blob rejected
 * with MalformedStatsBlobError goes to `aside`, any other error leaves it (and those after it) unread.
 */
function channel(blobs: string[], aside: string[] = []): JobStore {
  return {
    locator: 'file:/stores/js',
    readStatsAndLogging: async (callback: (blob: string) => Promise<void>) => {
      let count = 0;
      while (blobs.length) {
        const blob = blobs[0];
        count++;
        try {
          await callback(blob);
        } catch (error) {
          if (!MalformedStatsBlobError.is(error)) throw error;
          aside.push(blob);
        }
        blobs.shift();
      }
      return count;
    },
  } as unknown as JobStore;
}

/** A logger that records `LEVEL message fields`. */
function recorder(level: LogLevel): Logger & { lines: { level: string; message: string; fields?: LogFields }[] } {
  const order = ['DEBUG', 'INFO', 'WARNING', 'ERROR'];
  const lines: { level: string; message: string; fields?: LogFields }[] = [];
  const at = (lvl: string) => (message: string, fields?: LogFields) => void lines.push({ level: lvl, message, fields });
  return {
    lines,
    debug: at('DEBUG'),
    info: at('INFO'),
    warn: at('WARNING'),
    error: at('ERROR'),
    enabled: (l) => order.indexOf(l) >= order.indexOf(level),
  };
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
    const blob = JSON.stringify({
      logs: [
        { jobStoreID: 'job1', name: 'a', level: 20, text: 'hello', time },
        { jobStoreID: 'job1', name: 'a', level: 50, text: 'boom', time },
      ],
    });
    await new StatsDrain(channel([blob]), log).stop();
    expect(log.lines).toEqual([
      {
        level: 'INFO',
        message: "Got message from job 'a' job1 at 2024-01-02T03:04:05.000Z: hello",
        fields: { jobId: 'job1', jobName: 'a' },
      },
      {
        level: 'ERROR',
        message: "Got message from job 'a' job1 at 2024-01-02T03:04:05.000Z: boom",
        fields: { jobId: 'job1', jobName: 'a' },
      },
    ]);
  });

  it('writes received job logs to --writeLogs files, and prints them only at DEBUG', async () => {
    const blob = JSON.stringify({
      logs: [],
      jobLogs: [{ jobStoreID: 'job2', name: 'b', text: 'line one\nline two\n' }],
    });
    const info = recorder('INFO');
    await new StatsDrain(channel([blob]), info, { logFiles: JobLogFiles.fromConfig({ writeLogs: dir }) }).stop();
    expect(info.lines).toEqual([]);
    expect(await readdir(dir)).toEqual(['b_job2_000.log']);
    expect(await readFile(join(dir, 'b_job2_000.log'), 'utf8')).toBe('line one\nline two\n');

    const debug = recorder('DEBUG');
    await new StatsDrain(channel([blob]), debug).stop();
    expect(debug.lines.map((l) => l.message)).toEqual([
      'Received Toil worker log. Disable debug level logging to hide this output\njob2    line one\njob2    line two',
    ]);
  });

  it('warns and goes on when a log file cannot be written', async () => {
    const blob = JSON.stringify({
      jobLogs: [{ jobStoreID: 'job3', name: 'c', text: 'x' }],
      logs: [{ jobStoreID: 'job3', name: 'c', level: 20, text: 'after', time }],
    });
    const log = recorder('INFO');
    // A file where the directory should be: mkdir fails.
    const blocked = join(dir, 'file');
    await writeFile(blocked, '');
    await new StatsDrain(channel([blob]), log, {
      logFiles: JobLogFiles.fromConfig({ writeLogs: join(blocked, 'logs') }),
    }).stop();
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
    expect(log.lines.map((l) => l.message)).toEqual([
      "Got message from job 'd' job4 at 2024-01-02T03:04:05.000Z: live",
    ]);
    await drain.stop();
  });

  it('warns once about a blob that cannot be parsed, sets it aside and relays the blobs after it', async () => {
    const message = (text: string) =>
      JSON.stringify({ logs: [{ jobStoreID: 'job5', name: 'e', level: 20, text, time }] });
    const bad = [
      '{"logs": [{"jobStoreID": "job5", "na',
      'null',
      '{"logs": 5}',
      '{"logs": [{"jobStoreID": "job5"}]}',
      '{"jobLogs": [{"text": 1}]}',
    ];
    const blobs = [message('before'), ...bad, message('after')];
    const aside: string[] = [];
    const log = recorder('INFO');
    const drain = new StatsDrain(channel(blobs, aside), log, { realtime: true });
    drain.start();
    await new Promise((resolve) => setTimeout(resolve, 600));
    blobs.push(message('later'));
    await drain.stop();
    expect(aside).toEqual(bad);
    expect(blobs).toEqual([]);
    expect(log.lines.map((l) => `${l.level} ${l.message}`)).toEqual([
      "INFO Got message from job 'e' job5 at 2024-01-02T03:04:05.000Z: before",
      expect.stringMatching(
        /^WARNING The stats\/logging entry "\{\\"logs\\": \[\{\\"jobStoreID\\": \\"job5\\", \\"na" is not a valid record: it is not JSON \(.*\)\. Set it aside in the job store file:\/stores\/js; the messages in it are lost\.$/,
      ),
      expect.stringMatching(
        /^WARNING The stats\/logging entry "null" is not a valid record: it is not a JSON object\. Set it aside/,
      ),
      expect.stringMatching(
        /^WARNING The stats\/logging entry "\{\\"logs\\": 5\}" is not a valid record: its 'logs' are not a list of/,
      ),
      expect.stringMatching(
        /^WARNING .* is not a valid record: its 'logs' are not a list of \{jobStoreID, name, level, text, time\} messages\./,
      ),
      expect.stringMatching(
        /^WARNING .* is not a valid record: its 'jobLogs' are not a list of \{jobStoreID, name, text\} logs\./,
      ),
      "INFO Got message from job 'e' job5 at 2024-01-02T03:04:05.000Z: after",
      "INFO Got message from job 'e' job5 at 2024-01-02T03:04:05.000Z: later",
    ]);
  });

  it('logs a failed read of the channel (once at WARNING while it repeats) and relays the blobs once it works', async () => {
    const blobs = [JSON.stringify({ logs: [{ jobStoreID: 'job6', name: 'f', level: 20, text: 'kept', time }] })];
    let failures = 3;
    const inner = channel(blobs);
    const store = {
      locator: inner.locator,
      readStatsAndLogging: async (callback: (blob: string) => Promise<void>) => {
        if (failures-- > 0) throw new Error("EIO: i/o error, scandir '/stores/js/stats'");
        return inner.readStatsAndLogging(callback);
      },
    } as unknown as JobStore;
    const log = recorder('DEBUG');
    const drain = new StatsDrain(store, log, { realtime: true });
    drain.start();
    // Three failed turns, then one that works (timers are late on a busy machine: wait for it, not for a time).
    for (let waited = 0; waited < 10_000 && !log.lines.some((l) => l.level === 'INFO'); waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await drain.stop();
    const failure =
      "Could not read the jobs' log messages from the job store file:/stores/js: EIO: i/o error, scandir '/stores/js/stats'. Trying again; they stay in the store.";
    expect(log.lines.map((l) => `${l.level} ${l.message}`)).toEqual([
      `WARNING ${failure}`,
      `DEBUG ${failure}`,
      `DEBUG ${failure}`,
      "INFO Got message from job 'f' job6 at 2024-01-02T03:04:05.000Z: kept",
    ]);
  });
});
