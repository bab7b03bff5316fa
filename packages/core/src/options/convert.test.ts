import { describe, expect, it } from 'vitest';
import { InvalidValueError } from '../errors.js';
import { convertValue, parseBool } from './convert.js';
import { TOIL_OPTIONS } from './schema.js';
import type { OptionSpec } from './spec.js';

const ctx = { cwd: '/work', env: {} };
const spec = (name: string): OptionSpec => TOIL_OPTIONS.find((s) => s.name === name) as OptionSpec;
const convert = (name: string, value: unknown) => convertValue(spec(name), value, `--${name}`, ctx);
const message = (name: string, value: unknown) => {
  try {
    convert(name, value);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidValueError);
    return (err as Error).message;
  }
  throw new Error(`--${name} ${JSON.stringify(value)} was accepted`);
};

describe('convertValue', () => {
  it('reads sizes with Toil units', () => {
    expect(convert('defaultMemory', '2G')).toBe(2147483648);
    expect(convert('defaultMemory', '512Mi')).toBe(536870912);
    expect(convert('defaultDisk', 1000)).toBe(1000);
    expect(convert('defaultDisk', '1000')).toBe(1000);
    expect(convert('defaultDisk', '100KB')).toBe(100000);
    expect(convert('maxLogFileSize', 0)).toBe(0);
  });

  it('reads unlimited limits, including Python sys.maxsize', () => {
    expect(convert('maxMemory', 'unlimited')).toBe(Infinity);
    expect(convert('maxCores', 'inf')).toBe(Infinity);
    expect(convert('maxJobDuration', Infinity)).toBe(Infinity);
    expect(convert('maxServiceJobs', '9223372036854775807')).toBe(Infinity);
    // Python's sys.maxsize as a number literal, imprecise on purpose: that is what a JS caller would pass.
    // eslint-disable-next-line no-loss-of-precision
    expect(convert('maxDisk', 9223372036854775807)).toBe(Infinity);
    expect(message('retryCount', 'unlimited')).toBe(
      'Invalid --retryCount "unlimited": use a whole number of at least 0',
    );
  });

  it('keeps the deliberate quirks: retryCount 0 and fractional cores', () => {
    expect(convert('retryCount', '0')).toBe(0);
    expect(convert('defaultCores', '0.5')).toBe(0.5);
    expect(message('defaultCores', 0)).toBe('Invalid --defaultCores 0: use a number greater than 0');
    expect(message('retryCount', '1.5')).toBe('Invalid --retryCount "1.5": use a whole number of at least 0');
  });

  it('quotes the bad value and says what works, on one line', () => {
    expect(message('defaultMemory', '12 parsecs')).toBe(
      `Invalid --defaultMemory "12 parsecs": use a number of bytes or a size like '512M', '2G', '1.5Gi' or '100KB'`,
    );
    expect(message('defaultMemory', '0')).toBe(`Invalid --defaultMemory "0": use a size of at least 1 byte`);
    expect(message('maxMemory', '-1')).toContain(", or 'unlimited'");
    expect(message('badWorker', '1')).toBe('Invalid --badWorker "1": use a number of at least 0 and below 1');
    expect(message('scale', 'lots')).toBe('Invalid --scale "lots": use a number of at least 0');
    expect(message('clean', 'sometimes')).toBe(
      'Invalid --clean "sometimes": use one of: always, onError, never, onSuccess',
    );
    expect(message('stats', 'maybe')).toBe('Invalid --stats "maybe": use true or false (also yes/no, on/off, 1/0)');
    expect(message('defaultAccelerators', 'gpu:0')).toContain("use accelerator specs like 'gpu'");
    expect(message('statePollingWait', '0x10')).toContain('use a number');
    for (const m of [message('maxCores', ''), message('deadlockWait', true)]) expect(m).not.toContain('\n');
  });

  it('reads log levels in any case and maps WARN to WARNING', () => {
    expect(convert('logLevel', 'debug')).toBe('DEBUG');
    expect(convert('logLevel', 'Warn')).toBe('WARNING');
    expect(message('logLevel', 'LOUD')).toBe(
      'Invalid --logLevel "LOUD": use one of: OFF, CRITICAL, ERROR, WARN, WARNING, INFO, DEBUG',
    );
  });

  it("reads booleans like Toil's parseBool, a bare optional-value flag meaning true", () => {
    expect([parseBool('Yes'), parseBool('off'), parseBool('1'), parseBool('nope')]).toEqual([
      true,
      false,
      true,
      undefined,
    ]);
    expect(convert('disableCaching', '')).toBe(true);
    expect(convert('disableCaching', 'false')).toBe(false);
    expect(convert('defaultPreemptible', 't')).toBe(true);
  });

  it('gives a bare --writeLogs the current directory and resolves paths', () => {
    expect(convert('writeLogs', '')).toBe('/work');
    expect(convert('writeLogs', true)).toBe('/work');
    expect(convert('writeLogsGzip', 'logs')).toBe('/work/logs');
    expect(convert('writeLogs', false)).toBeUndefined();
  });

  it('splits accelerator lists at commas', () => {
    expect(convert('defaultAccelerators', 'gpu, cuda:2')).toEqual(['gpu', 'cuda:2']);
    expect(convert('defaultAccelerators', ['gpu', 'gpu:1:a100'])).toEqual(['gpu', 'gpu:1:a100']);
  });
});
