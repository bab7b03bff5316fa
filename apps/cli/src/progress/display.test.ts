import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import type { LogLevel } from '@toil/core';
import type { Logger } from '@toil/core/backend';
import { ProgressDisplay, type ProgressStream } from './display.js';

/** A stand-in terminal (or pipe) that records what is written to it. */
function terminal(isTTY: boolean): ProgressStream & { text(): string } {
  let written = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  return Object.assign(stream, { isTTY, columns: 120, text: () => written });
}

/** A logger at `level` that writes plain lines to the same terminal, as the real one writes to stderr. */
function lineLogger(stream: ProgressStream, level: LogLevel): Logger {
  const order = ['DEBUG', 'INFO', 'WARNING', 'ERROR'];
  const enabled = (l: LogLevel) => order.indexOf(l) >= order.indexOf(level);
  const write = (l: LogLevel) => (m: string) => void (enabled(l) && stream.write(`${l} ${m}\n`));
  return { debug: write('DEBUG'), info: write('INFO'), warn: write('WARNING'), error: write('ERROR'), enabled };
}

const CLEAR_LINE = '\x1b[2K';

describe('ProgressDisplay', () => {
  it('is off when standard error is not a terminal, or with --disableProgress', () => {
    expect(ProgressDisplay.create({ disableProgress: false }, terminal(false))).toBeUndefined();
    expect(ProgressDisplay.create({ disableProgress: true }, terminal(true))).toBeUndefined();
    expect(ProgressDisplay.create({ disableProgress: false }, terminal(true))).toBeInstanceOf(ProgressDisplay);
  });

  it('draws nothing before the first count, then the counts in place, and leaves the last counts on a line', async () => {
    const tty = terminal(true);
    const display = ProgressDisplay.create({ disableProgress: false }, tty)!;
    expect(tty.text()).toBe('');
    display.update({ completed: 0, issued: 1, running: 1, queued: 0, failed: 0 });
    expect(tty.text()).toContain('Toil ---------- 0 done, 1 running, 0 queued, 0 failed | 0s, 0.0 jobs/s');
    display.update({ completed: 5, issued: 5, running: 2, queued: 0, failed: 0 });
    // Redraws are throttled to a few per second: this one comes from the bar's timer.
    await vi.waitFor(() => expect(tty.text()).toContain('Toil =====----- 5 done, 2 running, 3 queued, 0 failed'), {
      timeout: 2000,
    });
    expect(tty.text()).not.toContain('\n');
    display.stop();
    const afterClear = tty.text().slice(tty.text().lastIndexOf(CLEAR_LINE) + CLEAR_LINE.length);
    expect(afterClear).toMatch(/^Toil: 5 done, 2 running, 3 queued, 0 failed \| 0s, [\d.]+ jobs\/s\n$/);
    const after = tty.text();
    display.update({ completed: 6, issued: 4, running: 2, queued: 0, failed: 0 });
    display.stop();
    expect(tty.text()).toBe(after);
  });

  it('clears the line for a log line and draws the counts again below it; hidden levels leave the line alone', () => {
    const tty = terminal(true);
    const display = ProgressDisplay.create({ disableProgress: false }, tty)!;
    const log = display.wrapLogger(lineLogger(tty, 'INFO'));
    display.update({ completed: 1, issued: 1, running: 1, queued: 0, failed: 0 });
    const before = tty.text().length;
    log.debug('hidden');
    expect(tty.text().length).toBe(before);
    log.warn('a job failed');
    const text = tty.text().slice(before);
    const clear = text.indexOf(CLEAR_LINE);
    const line = text.indexOf('WARNING a job failed\n');
    const redraw = text.indexOf('Toil =====----- 1 done', line);
    expect(clear).toBeGreaterThanOrEqual(0);
    expect(line).toBeGreaterThan(clear);
    expect(redraw).toBeGreaterThan(line);
    display.stop();
  });

  it('passes log lines straight through before the first count', () => {
    const tty = terminal(true);
    const display = ProgressDisplay.create({ disableProgress: false }, tty)!;
    display.wrapLogger(lineLogger(tty, 'INFO')).info('Running the workflow');
    expect(tty.text()).toBe('INFO Running the workflow\n');
    display.stop();
    expect(tty.text()).toBe('INFO Running the workflow\n');
  });
});
