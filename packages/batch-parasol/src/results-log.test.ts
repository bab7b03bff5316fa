import { appendFileSync, mkdtempSync, openSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchJobExitReason } from '@toil/core/backend';
import { describe, expect, it } from 'vitest';
import { ResultsLog } from './results-log.js';

/**
 * A results line as the hub writes it: `status host jobId exe usrTicks sysTicks submit start end user errFile 'cmd'`.
 */
const line = (id: number, status = 0, command = 'sh x') =>
  `${status} node07 ${id} sh 1 0 1795600300 1795600301 1795600311 alice /tmp/e '${command}'\n`;

function resultsFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'parasol-results-')), 'results-cpu1-ram1024');
}

describe('ResultsLog', () => {
  it('has nothing for a results file the hub has not created yet', async () => {
    const log = new ResultsLog();
    await log.update([resultsFile()]);
    expect(log.take('1')).toBeUndefined();
  });

  it('keeps a line without its newline until the hub has finished writing it', async () => {
    const file = resultsFile();
    const third = line(3, 512);
    writeFileSync(file, line(1) + line(2, 256) + third.slice(0, 40));
    const log = new ResultsLog();
    await log.update([file]);
    expect(log.take('1')).toMatchObject({ exitStatus: 0, exitReason: BatchJobExitReason.FINISHED, wallTime: 10 });
    expect(log.take('2')).toMatchObject({ exitStatus: 1, exitReason: BatchJobExitReason.FAILED });
    expect(log.take('3')).toBeUndefined();
    appendFileSync(file, third.slice(40) + line(4));
    await log.update([file]);
    expect(log.take('3')).toMatchObject({ exitStatus: 2, wallTime: 10 });
    expect(log.take('4')).toMatchObject({ exitStatus: 0 });
    // Taken once: the base class reports an end once.
    expect(log.take('1')).toBeUndefined();
  });

  it('reads only what was appended since the last read', async () => {
    const file = resultsFile();
    writeFileSync(file, line(7, 0));
    const log = new ResultsLog();
    await log.update([file]);
    // Rewrite the line already read, in place and at the same length: a reader that starts over would see exit 2.
    const fd = openSync(file, 'r+');
    writeSync(fd, '512', 0);
    closeSync(fd);
    appendFileSync(file, line(8, 256));
    await log.update([file]);
    expect(log.take('7')).toMatchObject({ exitStatus: 0 });
    expect(log.take('8')).toMatchObject({ exitStatus: 1 });
  });

  it('keeps a character cut between two reads whole', async () => {
    const file = resultsFile();
    const text = Buffer.from(line(9, 0, 'sh données'));
    const cut = text.indexOf(Buffer.from('é')) + 1; // inside the two bytes of é
    writeFileSync(file, text.subarray(0, cut));
    const log = new ResultsLog();
    await log.update([file]);
    expect(log.take('9')).toBeUndefined();
    appendFileSync(file, text.subarray(cut));
    await log.update([file]);
    expect(log.take('9')).toMatchObject({ exitStatus: 0 });
  });

  it('starts over on a file that became shorter than what was read (replaced by hand)', async () => {
    const file = resultsFile();
    writeFileSync(file, line(10) + line(11));
    const log = new ResultsLog();
    await log.update([file]);
    writeFileSync(file, line(12));
    await log.update([file]);
    expect(log.take('12')).toMatchObject({ exitStatus: 0 });
  });

  it('reads each file once when asked twice at the same time', async () => {
    const file = resultsFile();
    writeFileSync(file, line(20) + line(21));
    const log = new ResultsLog();
    await Promise.all([log.update([file]), log.update([file])]);
    expect([log.take('20'), log.take('21')]).toMatchObject([{ exitStatus: 0 }, { exitStatus: 0 }]);
    appendFileSync(file, line(22));
    await log.update([file]);
    expect(log.take('22')).toMatchObject({ exitStatus: 0 });
  });
});
