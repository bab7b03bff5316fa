import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger, loggerForConfig } from './logger.js';

let dir: string;
let stderr: string[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'toil-logger-'));
  stderr = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe('createLogger', () => {
  it("writes Toil's text lines at or above the level, to stderr and the log file alike", async () => {
    const file = join(dir, 'leader.log');
    const log = createLogger('INFO', 'toil', { logFile: file });
    log.debug('hidden');
    log.info('shown', { jobId: 'job1' });
    log.warn('careful');
    expect(stderr).toHaveLength(2);
    expect(stderr[0]).toMatch(/^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\] INFO toil: shown\n$/);
    expect(stderr[1]).toMatch(/\] WARNING toil: careful\n$/);
    expect(await readFile(file, 'utf8')).toBe(stderr.join(''));
  });

  it('still takes a log file path as its third argument', async () => {
    const file = join(dir, 'utility.log');
    createLogger('ERROR', 'toil.status', file).error('broken');
    expect(await readFile(file, 'utf8')).toMatch(/\] ERROR toil.status: broken\n$/);
  });

  it('writes nothing at OFF', () => {
    const log = createLogger('OFF');
    log.error('nothing');
    expect(stderr).toEqual([]);
    expect(log.enabled('CRITICAL')).toBe(false);
  });

  it('writes one JSON object per line with --logFormat json, carrying the fields', async () => {
    const file = join(dir, 'leader.jsonl');
    const log = loggerForConfig({
      logLevel: 'DEBUG',
      logFile: file,
      rotatingLogging: false,
      maxLogFileSize: 0,
      logFormat: 'json',
    });
    log.debug('issued');
    log.warn('a job said so', { jobId: 'job7', jobName: 'count' });
    log.error('two\nlines');
    const lines = stderr
      .join('')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map(({ time: _time, ...rest }) => rest)).toEqual([
      { level: 'DEBUG', source: 'toil', msg: 'issued' },
      { level: 'WARNING', source: 'toil', jobId: 'job7', jobName: 'count', msg: 'a job said so' },
      { level: 'ERROR', source: 'toil', msg: 'two\nlines' },
    ]);
    for (const line of lines) expect(new Date(String(line.time)).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await readFile(file, 'utf8')).toBe(stderr.join(''));
  });

  it('rotates the log file with --rotatingLogging, keeping three old files', async () => {
    const file = join(dir, 'leader.log');
    const log = loggerForConfig({
      logLevel: 'INFO',
      logFile: file,
      rotatingLogging: true,
      maxLogFileSize: 200,
      logFormat: 'text',
    });
    for (let i = 0; i < 40; i++) log.info(`message number ${String(i).padStart(2, '0')} of forty`);
    expect((await readdir(dir)).sort()).toEqual(['leader.log', 'leader.log.1', 'leader.log.2', 'leader.log.3']);
    const current = await readFile(file, 'utf8');
    expect(current).toContain('message number 39');
    for (const name of ['leader.log', 'leader.log.1', 'leader.log.2', 'leader.log.3']) {
      expect(Buffer.byteLength(await readFile(join(dir, name), 'utf8'))).toBeLessThanOrEqual(200);
    }
    // The newest rotated file holds the lines just before the current file's first line.
    const firstNow = Number(/message number (\d+)/.exec(current)![1]);
    expect(await readFile(`${file}.1`, 'utf8')).toContain(`message number ${String(firstNow - 1).padStart(2, '0')}`);
  });
});
