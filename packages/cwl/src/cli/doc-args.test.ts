import { describe, expect, it } from 'vitest';
import type { Parameter } from '../model.js';
import { findDocument, mergeInputs, NeedOptionTable, splitDocumentArgs, unknownAfterDocument } from './doc-args.js';
import { fastOptionKinds } from './option-kinds.js';
import { UsageError } from './options.js';

const params: Parameter[] = [
  { id: 'numbers', type: { type: 'array', items: 'int' } },
  { id: 'count', type: 'int' },
  { id: 'ratio', type: ['null', 'double'] },
  { id: 'name', type: 'string', default: 'x' },
  { id: 'flag', type: 'boolean' },
  { id: 'reads', type: ['null', 'File'] },
  { id: 'marks', type: 'Directory' },
  { id: 'color', type: { type: 'enum', symbols: ['red', 'green'] } },
  {
    id: 'rec',
    type: {
      type: 'record',
      fields: [
        { name: 'a', type: 'int' },
        { name: 'tags', type: { type: 'array', items: 'string' } },
      ],
    },
  },
  { id: 'either', type: ['null', 'int', 'string'] },
  {
    id: 'outer',
    type: [
      'null',
      { type: 'record', fields: [{ name: 'inner', type: { type: 'record', fields: [{ name: 'x', type: 'long' }] } }] },
    ],
  },
  { id: 'nested', type: { type: 'array', items: { type: 'array', items: 'int' } } },
  // Named like a Toil option: after the document it is the document's.
  { id: 'maxCores', type: 'int' },
];
const kinds = fastOptionKinds().set('jobStore', 'value').set('restart', 'bool').set('logLevel', 'value');

function split(...argv: string[]) {
  return splitDocumentArgs(argv, argv.indexOf('wf.cwl'), params, kinds, '/work');
}

describe('findDocument', () => {
  it('skips the values of options that take one, and not of flags', () => {
    expect(findDocument(['--outdir', 'o', '--quiet', 'wf.cwl', 'job.yml'], kinds)).toBe(3);
    expect(findDocument(['--outdir=o', 'wf.cwl'], kinds)).toBe(1);
    expect(findDocument(['--jobStore', 'js', '--restart', 'wf.cwl'], kinds)).toBe(3);
    expect(findDocument(['--restart', 'true', 'wf.cwl'], kinds)).toBe(2);
    expect(findDocument(['--quiet'], kinds)).toBe(-1);
  });

  it('asks for the whole option table when an option before the document is not in the one given', () => {
    expect(() => findDocument(['--batchSystem', 'slurm', 'wf.cwl'], fastOptionKinds())).toThrow(NeedOptionTable);
  });
});

describe('splitDocumentArgs', () => {
  it('types each input from the document: repeated arrays, numbers, flags, paths from the working directory', () => {
    const { inputs, runnerArgv, help } = split(
      '--quiet',
      'wf.cwl',
      '--numbers',
      '1',
      '--numbers=-2',
      '--count',
      '3',
      '--ratio',
      '0.5',
      '--flag',
      '--reads',
      'in/a.bam',
      '--marks',
      '.',
      '--color',
      'green',
      '--rec.a',
      '4',
      '--rec.tags',
      'x',
      '--rec.tags',
      'y',
      '--either',
      'seven',
      '--maxCores',
      '9',
    );
    expect(help).toBe(false);
    expect(runnerArgv).toEqual(['--quiet', 'wf.cwl']);
    expect(inputs).toEqual({
      numbers: [1, -2],
      count: 3,
      ratio: 0.5,
      flag: true,
      reads: { class: 'File', path: '/work/in/a.bam' },
      marks: { class: 'Directory', path: '/work' },
      color: 'green',
      rec: { a: 4, tags: ['x', 'y'] },
      either: 'seven',
      maxCores: 9,
    });
  });

  it('reads --no-flag and --flag=false as false, a URL as a location, and the last of a repeated scalar', () => {
    expect(split('wf.cwl', '--no-flag').inputs).toEqual({ flag: false });
    expect(split('wf.cwl', '--flag=false').inputs).toEqual({ flag: false });
    expect(split('wf.cwl', '--reads', 's3://b/k.bam').inputs).toEqual({
      reads: { class: 'File', location: 's3://b/k.bam' },
    });
    expect(split('wf.cwl', '--count', '1', '--count', '2').inputs).toEqual({ count: 2 });
    expect(split('wf.cwl', '--either', '12').inputs).toEqual({ either: 12 });
    expect(split('wf.cwl', '--outer.inner.x', '5', '--', '--count').inputs).toEqual({ outer: { inner: { x: 5 } } });
    expect(split('wf.cwl', '--', '--count').runnerArgv).toEqual(['wf.cwl', '--', '--count']);
  });

  it("keeps the job file and the runner's options after the document for the runner's parsers", () => {
    const { inputs, runnerArgv } = split('wf.cwl', 'job.yml', '--count', '5', '--outdir', 'o', '--jobStore', 'js');
    expect(inputs).toEqual({ count: 5 });
    expect(runnerArgv).toEqual(['wf.cwl', 'job.yml', '--outdir', 'o', '--jobStore', 'js']);
    expect(split('wf.cwl', '--help').help).toBe(true);
  });

  it('refuses a bad value in one line quoting it and saying what would work', () => {
    const cases: [string[], string][] = [
      [['--count', 'abc'], "--count 'abc' is not an int; give a whole number."],
      [['--count', '1.5'], "--count '1.5' is not an int; give a whole number."],
      [['--ratio', 'half'], "--ratio 'half' is not a double; give a number such as 0.5."],
      [['--color', 'blue'], "--color 'blue' is not one of red, green."],
      [['--flag=maybe'], "--flag 'maybe' is not a boolean; give --flag alone (true) or --no-flag."],
      [['--count'], '--count needs a value (one value).'],
      [['--nested', '1'], '--nested is int[][]; give it in a job file.'],
    ];
    for (const [args, message] of cases) {
      expect(() => split('wf.cwl', ...args)).toThrow(new UsageError(message));
    }
  });

  it('hands an option it does not know back, and the refusal names it and lists the inputs', () => {
    expect(() => split('wf.cwl', '--xyz', '1')).toThrow(NeedOptionTable);
    expect(unknownAfterDocument('--xyz=1', 'wf.cwl', params.slice(7, 9)).message).toBe(
      "Unknown option '--xyz' after the document; wf.cwl has the inputs --color, --rec.a, --rec.tags " +
        '(toil-cwl-runner wf.cwl --help lists them).',
    );
  });
});

describe('mergeInputs', () => {
  it("lays the command line over the job file's fields, record fields one by one, Files whole", () => {
    const job = { count: 1, name: 'job', rec: { a: 1, tags: ['j'] }, reads: { class: 'File', path: 'a' } };
    mergeInputs(job, { count: 2, rec: { a: 5 }, reads: { class: 'File', location: 'http://h/b' } });
    expect(job).toEqual({
      count: 2,
      name: 'job',
      rec: { a: 5, tags: ['j'] },
      reads: { class: 'File', location: 'http://h/b' },
    });
  });
});
