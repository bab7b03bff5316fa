/**
 * The codec end to end: tagged values (Uint8Array, bigint, Date, Map, Set, undefined, FileID, odd numbers, a
 * plain object with a `$t` key) survive job arguments, a child's return value, a promise file, and the root
 * return value, across real worker processes.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { EncodeError, FileID, Toil } from '@toil/core';
import { echo, fileIdTrip, roundTrip } from '../fixtures/codec.js';
import { apiOptions } from './helpers/api.js';
import { errorLines, toilRun } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

describe('codec round trip through jobs', () => {
  it('carries every tagged type through arguments, returns and promises unchanged', async () => {
    const value = {
      bytes: new Uint8Array([0, 1, 254, 255]),
      big: -(2n ** 70n),
      date: new Date('2024-02-29T12:34:56.789Z'),
      map: new Map<unknown, unknown>([
        [1, 'number key'],
        ['s', new Set(['nested set'])],
      ]),
      set: new Set([1, 'two', 3n]),
      missing: undefined,
      sparse: [1, undefined, 3],
      numbers: [-0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
      looksTagged: { $t: 'bigint', v: 'not really' },
      plain: { a: [{ b: null }], text: 'ünïcødé ✓' },
    };
    const result = (await Toil.start(apiOptions(await tempDir(), 'codec.ts'), roundTrip, value)) as typeof value;
    expect(result).toEqual(value);
    expect(result.bytes).toBeInstanceOf(Uint8Array);
    expect(typeof result.big).toBe('bigint');
    expect(result.date).toBeInstanceOf(Date);
    expect([...result.map.keys()]).toEqual([1, 's']);
    expect(result.map.get('s')).toBeInstanceOf(Set);
    expect('missing' in result).toBe(true);
    expect(Object.is(result.numbers[0], -0)).toBe(true);
    expect(result.numbers[1]).toBeNaN();
  });

  it('carries a FileID (with its size) from the job that wrote the file to the one that reads it, and back out', async () => {
    const result = await Toil.start(apiOptions(await tempDir(), 'codec.ts'), fileIdTrip, 'eleven char');
    expect(result.text).toBe('eleven char');
    expect(FileID.is(result.id)).toBe(true);
    expect(result.id.size).toBe(11);
    expect(result.id.executable).toBe(false);
  });

  it('prints values JSON cannot carry as tagged JSON on the CLI', async () => {
    const result = await toilRun('codec.ts', join(await tempDir(), 'js'), 'tagged', []);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      map: { $t: 'map', v: [[1, 'one']] },
      big: { $t: 'bigint', v: '18446744073709551616' },
      when: { $t: 'date', v: '1970-01-01T00:00:00.000Z' },
      nothing: { $t: 'undef' },
    });
  });

  it('rejects a root argument the codec cannot carry before saving anything, naming the argument', async () => {
    const options = apiOptions(await tempDir(), 'codec.ts');
    const run = Toil.start(options, echo, { handler: () => 'nope' });
    await expect(run).rejects.toBeInstanceOf(EncodeError);
    await expect(run).rejects.toThrow("Cannot encode arguments of 'codec.echo'[0].handler: it is a function (handler).");
    // Nothing of the workflow was saved, so the job store it created is gone again.
    expect(existsSync(options.jobStore)).toBe(false);
  });

  it('fails a job whose return value the codec cannot carry, naming the value', async () => {
    const result = await toilRun('codec.ts', join(await tempDir(), 'js'), 'badReturn', [], ['--retryCount', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Cannot encode the return value of 'codec.badReturn'.where: it is an instance of URL.");
    expect(errorLines(result.stderr)).toEqual([expect.stringMatching(/^toil: The workflow failed: 1 job\(s\) ran out of retries \('codec\.badReturn' /)]);
  });
});
