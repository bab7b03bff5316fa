import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProcess } from '../loader/load.js';
import { checkProcessInputFormats } from './input-formats.js';
import { bindInputs } from './inputs.js';
import { Requirements } from './requirements.js';

// Format checks of Workflow and ExpressionTool inputs, with the EDAM ontology of the conformance suite (FASTA,
// format_1929, is a textual format, format_2330; BAM, format_2572, is binary, not textual).
const here = dirname(fileURLToPath(import.meta.url));
const cli = resolve(here, '../../dist/cli.js');
const edam = resolve(here, '../../../../../shared/conformance/cwl-v1.2/tests/EDAM.owl');
const dir = mkdtempSync(join(tmpdir(), 'cwl-formats-'));
writeFileSync(join(dir, 'seq.fa'), '>a\nACGT\n');
const EDAM = 'http://edamontology.org/';

function write(name: string, lines: string[]): string {
  writeFileSync(join(dir, name), lines.join('\n'));
  return join(dir, name);
}

const header = ['$namespaces: {edam: "http://edamontology.org/"}', `$schemas: ["${edam}"]`, 'cwlVersion: v1.2'];
// The step has no format of its own: only the workflow-level check can refuse. It marks a folder when it runs.
const wf = write('wf.cwl', [
  ...header,
  'class: Workflow',
  'inputs:',
  '  seq: {type: File, format: edam:format_2330}',
  '  more: {type: {type: record, fields: {reads: {type: "File[]", format: edam:format_1929}}}}',
  '  marks: string',
  'steps:',
  '  mark:',
  '    run:',
  '      class: CommandLineTool',
  '      inputs: {f: File, marks: {type: string, inputBinding: {position: 1}}}',
  `      baseCommand: [sh, -c, 'touch "$0/ran"']`,
  '      outputs: []',
  '    in: {f: seq, marks: marks}',
  '    out: []',
  'outputs: []',
]);
const expr = write('expr.cwl', [
  ...header,
  'class: ExpressionTool',
  'requirements: {InlineJavascriptRequirement: {}}',
  'inputs:',
  '  seq: {type: File, format: edam:format_1929}',
  'outputs: {size: int}',
  'expression: "$({size: inputs.seq.size})"',
]);

const file = (format: string) => ({ class: 'File', path: join(dir, 'seq.fa'), format });

function run(doc: string, job: Record<string, unknown>, ...options: string[]) {
  const jobFile = join(dir, `job-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(jobFile, JSON.stringify(job));
  return spawnSync(process.execPath, [cli, '--quiet', ...options, doc, jobFile], { cwd: dir, encoding: 'utf8' });
}

describe('checkProcessInputFormats', () => {
  it("refuses a workflow input, or a record field's array item, whose format the ontology does not allow", async () => {
    const process = loadProcess(wf);
    const reqs = new Requirements(process, { requirements: [], hints: [] });
    const check = (job: Record<string, unknown>) =>
      checkProcessInputFormats(process, bindInputs(process.inputs, job, dir, wf), reqs, 5000);
    const good = { seq: file('edam:format_1929'), more: { reads: [file('edam:format_1929')] }, marks: '.' };
    await expect(check(good)).resolves.toBeUndefined();
    await expect(check({ ...good, seq: file('edam:format_2572') })).rejects.toThrow(
      `Input 'seq': the File '${join(dir, 'seq.fa')}' has format '${EDAM}format_2572', which is not ` +
        `'${EDAM}format_2330'; give a File of that format.`,
    );
    const badItem = { ...good, more: { reads: [file('edam:format_1929'), file('edam:format_2330')] } };
    await expect(check(badItem)).rejects.toThrow(`Input 'more.reads': the File`);
  });

  it('evaluates a format written as an expression, in a sandbox made for the check', async () => {
    const doc = write('wf-expr.cwl', [
      ...header,
      'class: Workflow',
      'requirements: {InlineJavascriptRequirement: {}}',
      'inputs:',
      '  kind: string',
      '  seq: {type: File, format: "$(inputs.kind)"}',
      'steps: []',
      'outputs: []',
    ]);
    const process = loadProcess(doc);
    const reqs = new Requirements(process, { requirements: [], hints: [] });
    const check = (kind: string) =>
      checkProcessInputFormats(process, bindInputs(process.inputs, { kind, seq: file(kind) }, dir, doc), reqs, 5000);
    await expect(check('edam:format_1929')).resolves.toBeUndefined();
    const inputs = bindInputs(process.inputs, { kind: 'edam:format_2330', seq: file('edam:format_2572') }, dir, doc);
    await expect(checkProcessInputFormats(process, inputs, reqs, 5000)).rejects.toThrow(
      `which is not '${EDAM}format_2330'`,
    );
  });
});

describe('toil-cwl-runner format checks beyond CommandLineTool', { timeout: 120_000 }, () => {
  it("refuses a workflow's input of the wrong format in one line before any step runs, and runs a right one", () => {
    const marks = join(dir, 'marks-bad');
    mkdirSync(marks);
    const reads = { reads: [file('edam:format_1929')] };
    for (const options of [[], ['--jobStore', join(dir, 'js-bad'), '--logLevel', 'CRITICAL']]) {
      const bad = run(wf, { seq: file('edam:format_2572'), more: reads, marks }, ...options);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toBe(
        `toil-cwl-runner: Input 'seq': the File '${join(dir, 'seq.fa')}' has format '${EDAM}format_2572', ` +
          `which is not '${EDAM}format_2330'; give a File of that format.\n`,
      );
      expect(bad.status).toBe(1);
      expect(existsSync(join(marks, 'ran'))).toBe(false);
    }
    const good = join(dir, 'marks-good');
    mkdirSync(good);
    const ok = run(wf, { seq: file('edam:format_1929'), more: reads, marks: good });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(existsSync(join(good, 'ran'))).toBe(true);
  });
  it("refuses an ExpressionTool's input of the wrong format in one line, and evaluates a right one", () => {
    const bad = run(expr, { seq: file('edam:format_2330') });
    expect(bad.stdout).toBe('');
    // The job reads its own copy of the input, so the path is that copy's.
    expect(bad.stderr).toMatch(
      new RegExp(
        `^toil-cwl-runner: Input 'seq': the File '[^']*seq\\.fa' has format '${EDAM}format_2330', which is not ` +
          `'${EDAM}format_1929'; give a File of that format\\.\\n$`,
      ),
    );
    expect(bad.status).toBe(1);
    const ok = run(expr, { seq: file('edam:format_1929') });
    expect(ok.stderr).toBe('');
    expect(JSON.parse(ok.stdout)).toEqual({ size: 8 });
  });
});
