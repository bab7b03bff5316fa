import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { splitArgs } from './split-args.js';
import { workerScript } from './worker-script.js';
import { clockTime, parseClockTime } from './resources.js';

describe('workerScript', () => {
  it('hands every environment value and argument to the worker byte for byte through a real sh', () => {
    const tricky = `it's "quoted", $HOME, a\\b, ;|& ✓\nsecond line`;
    const script = workerScript(
      [
        'node',
        '-e',
        'process.stdout.write(JSON.stringify([process.env.TRICKY, process.env.PLAIN, process.argv[1]]))',
        tricky,
      ],
      {
        TRICKY: tricky,
        PLAIN: 'x',
        'NOT-A-NAME': 'skipped',
      },
    );
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(script).not.toContain('NOT-A-NAME');
    const out = execFileSync('sh', { input: script, encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(JSON.parse(out)).toEqual([tricky, 'x', tricky]);
  });
});

describe('splitArgs', () => {
  it('splits like a shell, keeping quoted values whole and $VARS literal', () => {
    expect(splitArgs('TOIL_X_ARGS', `-p short --comment="two words" -A '$ACCOUNT'`)).toEqual([
      '-p',
      'short',
      '--comment=two words',
      '-A',
      '$ACCOUNT',
    ]);
    expect(splitArgs('TOIL_X_ARGS', undefined)).toEqual([]);
    expect(splitArgs('TOIL_X_ARGS', '  ')).toEqual([]);
  });

  it('refuses shell operators with a one-line error quoting the value', () => {
    expect(() => splitArgs('TOIL_X_ARGS', '-p short; rm -rf /')).toThrow(
      /TOIL_X_ARGS "-p short; rm -rf \/".*shell operators/,
    );
  });
});

describe('clock times', () => {
  it("formats and parses the schedulers' [D-]HH:MM:SS forms", () => {
    expect(clockTime(3661)).toBe('01:01:01');
    expect(clockTime(0.2)).toBe('00:00:01');
    expect(clockTime(90000)).toBe('25:00:00');
    expect(parseClockTime('1-02:03:04')).toBe(93784);
    expect(parseClockTime('02:03:04')).toBe(7384);
    expect(parseClockTime('0:07')).toBe(7);
    expect(parseClockTime('42')).toBe(42);
    expect(parseClockTime('UNLIMITED')).toBeUndefined();
  });
});
