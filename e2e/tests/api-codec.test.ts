/**
 * The codec end to end: tagged values (Uint8Array, bigint, Date, Map, Set, undefined, FileID, odd numbers, a
 * plain object with a `$t` key) survive job arguments, a child's return value, a promise file, and the root
 * return value, across real worker processes. On the CLI: `--args` as plain JSON inline, from a file or stdin,
 * `__proto__` and `$t` keys kept, too-deep data refused in one line, and results printed without codec tags.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { EncodeError, FileID, Toil } from '@toil/core';
import { MAX_DEPTH } from '@toil/core/backend';
import { echo, fileIdTrip, roundTrip } from '../fixtures/codec.js';
import { apiOptions } from './helpers/api.js';
import { errorLines, fixture, runToil, stackFrames, toilRun } from './helpers/cli.js';
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

  it('prints values JSON cannot carry as console.log shows them on the CLI, never as codec tags', async () => {
    const result = await toilRun('codec.ts', join(await tempDir(), 'js'), 'tagged', []);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      "{ map: Map(1) { 1 => 'one' }, big: 18446744073709551616n, when: 1970-01-01T00:00:00.000Z, nothing: undefined, nan: NaN }\n",
    );
  });

  it.each([
    ['a promise marker', { $t: 'promise', file: 'files/no/such' }],
    ['an rv() placeholder', { $t: 'rv', index: 0 }],
    ['an escaped object', { $t: 'obj', v: { $t: 'promise', file: 'x' } }],
  ])('carries a plain object shaped like %s as that object, printed as JSON', async (_shape, value) => {
    const result = await toilRun('codec.ts', join(await tempDir(), 'js'), 'roundTrip', [value], ['--retryCount', '0']);
    expect(result.stdout, result.stderr).toBe(`${JSON.stringify(value)}\n`);
    expect(result.code).toBe(0);
  });

  it('keeps a __proto__ key of --args as an own key through jobs', async () => {
    const args = '[{"__proto__": {"admin": true}, "name": "x"}]';
    const result = await runToil([
      'run',
      fixture('codec.ts'),
      join(await tempDir(), 'js'),
      '--job',
      'roundTrip',
      '--args',
      args,
    ]);
    expect(result.stdout, result.stderr).toBe('{"__proto__":{"admin":true},"name":"x"}\n');
  });

  it('reads --args from a file (@path) and from standard input (-), past the 128 KiB limit of one argument', async () => {
    const dir = await tempDir();
    const big = 'x'.repeat(200 * 1024);
    await writeFile(join(dir, 'args.json'), JSON.stringify([{ big }]));
    const fromFile = await runToil([
      'run',
      fixture('codec.ts'),
      join(dir, 'js1'),
      '--job',
      'sizeOf',
      '--args',
      `@${join(dir, 'args.json')}`,
    ]);
    expect(fromFile.stdout, fromFile.stderr).toBe(`${big.length + 10}\n`);
    const fromStdin = await runToil(['run', fixture('codec.ts'), join(dir, 'js2'), '--job', 'sizeOf', '--args', '-'], {
      input: JSON.stringify([{ big }]),
    });
    expect(fromStdin.stdout, fromStdin.stderr).toBe(`${big.length + 10}\n`);
  });

  it('refuses an --args file that is missing or not a JSON array in one line naming the file', async () => {
    const dir = await tempDir();
    const missing = await runToil(
      ['run', fixture('codec.ts'), join(dir, 'js'), '--job', 'echo', '--args', '@nope.json'],
      { cwd: dir },
    );
    expect([missing.code, stackFrames(missing.stderr)]).toEqual([1, []]);
    expect(errorLines(missing.stderr)).toEqual([
      `toil: Invalid --args "@nope.json": cannot read the file 'nope.json' (ENOENT); give --args @<path of a JSON file holding the array of arguments>, --args - to read it from standard input, or the array inline`,
    ]);
    await writeFile(join(dir, 'object.json'), '{"a": 1}');
    const notArray = await runToil(
      ['run', fixture('codec.ts'), join(dir, 'js'), '--job', 'echo', '--args', '@object.json'],
      { cwd: dir },
    );
    expect(errorLines(notArray.stderr)).toEqual([
      `toil: Invalid --args "@object.json": the file object.json does not hold a JSON array; use a JSON array of the arguments of 'codec.echo', e.g. --args '[{"a":1}]'`,
    ]);
    expect(existsSync(join(dir, 'js'))).toBe(false);
  });

  it(`refuses arguments nested 20,000 levels deep in one line naming the limit (${MAX_DEPTH}), before creating the job store`, async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'deep.json'), `[${'['.repeat(20_000)}${']'.repeat(20_000)}]`);
    const result = await runToil([
      'run',
      fixture('codec.ts'),
      join(dir, 'js'),
      '--job',
      'echo',
      '--args',
      `@${join(dir, 'deep.json')}`,
    ]);
    expect(result.code).toBe(1);
    expect(stackFrames(result.stderr)).toEqual([]);
    expect(errorLines(result.stderr)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^toil: Cannot encode arguments of 'codec\\.echo': it nests deeper than ${MAX_DEPTH} levels, the codec's limit\\. Flatten`,
        ),
      ),
    ]);
    expect(existsSync(join(dir, 'js'))).toBe(false);
  });

  it('rejects a root argument the codec cannot carry before saving anything, naming the argument', async () => {
    const options = apiOptions(await tempDir(), 'codec.ts');
    const run = Toil.start(options, echo, { handler: () => 'nope' });
    await expect(run).rejects.toBeInstanceOf(EncodeError);
    await expect(run).rejects.toThrow(
      "Cannot encode arguments of 'codec.echo'[0].handler: it is a function (handler).",
    );
    // Nothing of the workflow was saved, so the job store it created is gone again.
    expect(existsSync(options.jobStore)).toBe(false);
  });

  it('fails a job whose return value the codec cannot carry, naming the value', async () => {
    const result = await toilRun('codec.ts', join(await tempDir(), 'js'), 'badReturn', [], ['--retryCount', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "Cannot encode the return value of 'codec.badReturn'.where: it is an instance of URL.",
    );
    expect(errorLines(result.stderr)).toEqual([
      expect.stringMatching(/^toil: The workflow failed: 1 job\(s\) ran out of retries \('codec\.badReturn' /),
    ]);
  });
});
