import { describe, expect, it } from 'vitest';
import { fitToWidth, formatElapsed, formatRate, knownJobs, progressFormatter, progressText } from './format.js';

const counts = { completed: 400, issued: 10, running: 2, queued: 592, failed: 1 };

describe('progress line text', () => {
  it('formats elapsed time in seconds, minutes and hours', () => {
    expect(formatElapsed(0)).toBe('0s');
    expect(formatElapsed(59_999)).toBe('59s');
    expect(formatElapsed(125_000)).toBe('2m05s');
    expect(formatElapsed(3_725_000)).toBe('1h02m');
  });

  it('gives the average rate since the start, and 0 before any time has passed', () => {
    expect(formatRate(400, 64_000)).toBe('6.3 jobs/s');
    expect(formatRate(0, 0)).toBe('0.0 jobs/s');
  });

  it('counts batch-system and leader queues as queued, and the known jobs as the total', () => {
    expect(progressText(counts, 65_000)).toBe('400 done, 2 running, 600 queued, 1 failed | 1m05s, 6.2 jobs/s');
    expect(knownJobs(counts)).toBe(1002);
  });

  it('cuts a line longer than the terminal with an ellipsis', () => {
    expect(fitToWidth('abcdef', 6)).toBe('abcdef');
    expect(fitToWidth('abcdefgh', 6)).toBe('abcde…');
  });

  it('renders the bar from the done fraction, with elapsed time from the run start', () => {
    const format = progressFormatter(1_000, () => 66_000);
    const options = {
      barsize: 10,
      barCompleteString: '='.repeat(10),
      barIncompleteString: '-'.repeat(10),
      barGlue: '',
    };
    const params = { progress: 0.4, eta: 0, startTime: 60_000, stopTime: null, total: 1002, value: 400, maxWidth: 120 };
    expect(format(options, params as never, counts)).toBe(
      'Toil ====------ 400 done, 2 running, 600 queued, 1 failed | 1m05s, 6.2 jobs/s',
    );
    expect(format(options, { ...params, maxWidth: 20 } as never, counts)).toBe('Toil ====------ 400…');
  });
});
