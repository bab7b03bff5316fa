import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// toil-cwl-runner wf.cwl --input value ...: the document's inputs on the command line, through the built CLI.
const cli = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'cwl-doc-inputs-'));
mkdirSync(join(dir, 'data'));
writeFileSync(join(dir, 'data', 'words.txt'), 'one\ntwo\nthree\n');

function write(name: string, lines: string[]): string {
  writeFileSync(join(dir, name), lines.join('\n'));
  return join(dir, name);
}

// A workflow: a 2-way scatter over an int[] (each squares its number and appends a tag), and a tool counting the
// lines of a File; its other inputs (an enum, a boolean, a record, an optional) pass through an ExpressionTool.
const wf = write('wf.cwl', [
  'cwlVersion: v1.2',
  'class: Workflow',
  'requirements: {ScatterFeatureRequirement: {}, InlineJavascriptRequirement: {}, StepInputExpressionRequirement: {}}',
  'inputs:',
  '  numbers: {type: "int[]", doc: the numbers to square}',
  '  words: {type: File, label: a text file}',
  '  color: {type: {type: enum, symbols: [red, green]}}',
  '  loud: boolean',
  '  opts: {type: {type: record, fields: {tag: string, scale: double}}}',
  '  note: string?',
  '  retryCount: {type: int, default: 1}',
  'steps:',
  '  square:',
  '    run:',
  '      class: CommandLineTool',
  '      inputs: {x: {type: int, inputBinding: {position: 1}}, tag: {type: string, inputBinding: {position: 2}}}',
  `      baseCommand: [sh, -c, 'echo $(($0 * $0)) $1']`,
  '      stdout: sq.txt',
  '      outputs: {out: {type: string, outputBinding: {glob: sq.txt, loadContents: true, outputEval: "$(self[0].contents.trim())"}}}',
  '    scatter: x',
  '    in: {x: numbers, tag: {source: opts, valueFrom: $(self.tag)}}',
  '    out: [out]',
  '  count:',
  '    run:',
  '      class: CommandLineTool',
  '      inputs: {f: {type: File, inputBinding: {position: 1}}}',
  '      baseCommand: [wc, -l]',
  '      stdin: $(inputs.f.path)',
  '      stdout: n.txt',
  '      outputs: {n: {type: int, outputBinding: {glob: n.txt, loadContents: true, outputEval: "$(parseInt(self[0].contents))"}}}',
  '    in: {f: words}',
  '    out: [n]',
  '  echo:',
  '    run:',
  '      class: ExpressionTool',
  '      inputs: {color: string, loud: boolean, opts: Any, note: string?, retryCount: int}',
  '      outputs: {all: Any}',
  '      expression: "$({all: inputs})"',
  '    in: {color: color, loud: loud, opts: opts, note: note, retryCount: retryCount}',
  '    out: [all]',
  'outputs:',
  '  squares: {type: "string[]", outputSource: square/out}',
  '  lines: {type: int, outputSource: count/n}',
  '  all: {type: Any, outputSource: echo/all}',
]);

function run(...args: string[]) {
  return spawnSync(process.execPath, [cli, '--quiet', ...args], { cwd: dir, encoding: 'utf8' });
}

function outputs(...args: string[]): unknown {
  const result = run(...args);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout);
}

const EXPECTED = {
  squares: ['4 big', '9 big'],
  lines: 3,
  all: { color: 'green', loud: true, opts: { tag: 'big', scale: 0.5 }, note: null, retryCount: 1 },
};

describe('document inputs on the command line', { timeout: 120_000 }, () => {
  it('gives the same output object as the same inputs in a job file', () => {
    const job = write('job.yml', [
      'numbers: [2, 3]',
      'words: {class: File, path: data/words.txt}',
      'color: green',
      'loud: true',
      'opts: {tag: big, scale: 0.5}',
    ]);
    const fromJob = outputs(wf, job);
    const given = ['--numbers', '2', '--numbers', '3', '--words', 'data/words.txt', '--color', 'green', '--loud'];
    const fromArgs = outputs(wf, ...given, '--opts.tag', 'big', '--opts.scale=0.5');
    expect(fromArgs).toEqual(fromJob);
    expect(fromArgs).toEqual(EXPECTED);
  });

  it("overrides a job file's fields, with Toil's options before the document and the runner's after it", () => {
    const job = write('job2.yml', [
      'numbers: [5]',
      'words: {class: File, path: data/words.txt}',
      'color: red',
      'loud: true',
      'opts: {tag: small, scale: 2}',
      'note: from the job',
    ]);
    const jobStore = join(dir, 'js-override');
    const out = outputs(
      '--jobStore',
      jobStore,
      '--retryCount',
      '0',
      wf,
      job,
      '--numbers',
      '2',
      '--numbers',
      '3',
      '--color',
      'green',
      '--opts.tag',
      'big',
      '--outdir',
      join(dir, 'out-override'),
      '--no-loud',
      '--retryCount',
      '7',
    );
    // --retryCount after the document is the document's input (cwltool's rule); before it, Toil's.
    expect(out).toEqual({
      squares: ['4 big', '9 big'],
      lines: 3,
      all: { color: 'green', loud: false, opts: { tag: 'big', scale: 2 }, note: 'from the job', retryCount: 7 },
    });
  });

  it("lists the document's inputs with their types, defaults and docs for --help after the document", () => {
    const result = run(wf, '--help');
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`Usage: toil-cwl-runner [options] ${wf} [job.yml] [inputs]`);
    expect(lines).toContain(
      '  --numbers INT                int[], required, repeat for each item  the numbers to square',
    );
    expect(lines).toContain('  --words PATH                 File, required  a text file');
    expect(lines).toContain('  --color {red,green}          enum(red, green), required');
    expect(lines).toContain('  --loud, --no-loud            boolean, required');
    expect(lines).toContain('  --opts.scale NUMBER          double, required');
    expect(lines).toContain('  --note TEXT                  null | string, optional');
    expect(lines).toContain('  --retryCount INT             int, default 1');
  });

  it('refuses bad values and unknown options in one line (exit 2), and a missing input as before (exit 1)', () => {
    const base = ['--numbers', '1', '--words', 'data/words.txt', '--loud', '--opts.tag', 't', '--opts.scale', '1'];
    const cases: [string[], number, string][] = [
      [[...base, '--color', 'green', '--numbers', 'abc'], 2, "--numbers 'abc' is not an int; give a whole number."],
      [[...base, '--color', 'blue'], 2, "--color 'blue' is not one of red, green."],
      [
        [...base, '--colour', 'red'],
        2,
        "Unknown option '--colour' after the document; wf.cwl has the inputs --numbers, --words, --color, --loud, " +
          '--opts.tag, --opts.scale, --note, --retryCount (toil-cwl-runner wf.cwl --help lists them).',
      ],
      [base, 1, "Input 'color' is missing; it must be enum(red, green)."],
    ];
    for (const [args, status, message] of cases) {
      const result = spawnSync(process.execPath, [cli, '--quiet', 'wf.cwl', ...args], { cwd: dir, encoding: 'utf8' });
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(`toil-cwl-runner: ${message}\n`);
      expect(result.status).toBe(status);
    }
  });
});
