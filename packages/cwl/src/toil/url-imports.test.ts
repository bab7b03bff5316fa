import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// URL inputs on the Toil path, through the built CLI and a real HTTP server on 127.0.0.1: imported straight into
// the job store (each object fetched once, nothing downloaded into the runner's folder first), and bound from it.
const cli = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'cwl-url-import-'));

const FILES: Record<string, string> = {
  '/data/reads.bam': 'bam bytes\n',
  '/data/reads.bam.bai': 'bai bytes\n',
  '/data/notes.txt': 'loaded through the job store\n',
};
let server: Server;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const body = FILES[req.url ?? ''];
    if (body === undefined) res.writeHead(404).end();
    else res.end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

function write(name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

// Async: the server runs in this process, so the runner must not block its event loop (spawnSync would).
function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cli, '--quiet', ...args], { cwd: dir });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => child.on('close', (status) => done({ status, stdout, stderr })));
}

/** Runs with a kept work folder, and gives the result with the names left in that folder. */
async function runKept(tool: string, job: string, extra: string[] = []) {
  const prefix = mkdtempSync(join(dir, 'tmp-'));
  const outdir = mkdtempSync(join(dir, 'out-'));
  const before = requests.length;
  const result = await run([...extra, '--tmpdir-prefix', prefix, '--leave-tmpdir', '--outdir', outdir, tool, job]);
  const left = readdirSync(prefix).flatMap((d) => readdirSync(join(prefix, d)));
  return { ...result, outdir, left, requests: requests.slice(before) };
}

const bamTool = write('bam.cwl', [
  'cwlVersion: v1.2',
  'class: CommandLineTool',
  '$namespaces: {edam: "http://edamontology.org/"}',
  'inputs:',
  '  bam:',
  '    type: File',
  '    format: edam:format_2572',
  '    secondaryFiles: [.bai, ^.idx?]',
  'arguments:',
  '  - {shellQuote: false, valueFrom: "cat $(inputs.bam.path) $(inputs.bam.path).bai; echo $(inputs.bam.size)"}',
  'requirements: {ShellCommandRequirement: {}}',
  'baseCommand: []',
  'stdout: got.txt',
  'outputs:',
  '  out: stdout',
]);

describe('URL inputs imported into the job store', { timeout: 120_000 }, () => {
  it.each([
    ['in-process jobs', []],
    ['forked workers', ['--batchSystem', 'single_machine', '--inProcessJobs', 'false']],
  ])(
    'fetches a File and its secondary file once each, with size and format, nothing downloaded first (%s)',
    async (_, extra) => {
      const job = write('bam.yml', [
        '$namespaces: {edam: "http://edamontology.org/"}',
        `bam: {class: File, location: "${base}/data/reads.bam", format: edam:format_2572}`,
      ]);
      const result = await runKept(bamTool, job, extra);
      expect(result.status, result.stderr).toBe(0);
      expect(readFileSync(join(result.outdir, 'got.txt'), 'utf8')).toBe('bam bytes\nbai bytes\n10\n');
      // One GET each; the optional ^.idx is looked for (a 404) and left out.
      expect(result.requests.sort()).toEqual(['GET /data/reads.bam', 'GET /data/reads.bam.bai', 'GET /data/reads.idx']);
      // The runner's own work folder holds no downloaded copy (the old path left url-* folders there).
      expect(result.left.filter((name) => name.startsWith('url-'))).toEqual([]);
    },
  );

  it('refuses a missing required secondary file in one line quoting its URL', async () => {
    const job = write('nobai.yml', [`bam: {class: File, location: "${base}/data/notes.txt"}`]);
    const result = await run([bamTool, job]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^toil-cwl-runner: Input 'bam': the secondary file '${base}/data/notes.txt.bai' cannot be read: `),
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('loads contents of a workflow input through the job store', async () => {
    const wf = write('contents.cwl', [
      'cwlVersion: v1.2',
      'class: Workflow',
      'requirements: {StepInputExpressionRequirement: {}}',
      'inputs:',
      '  f: {type: File, loadContents: true}',
      'outputs:',
      '  out: {type: File, outputSource: echo/out}',
      'steps:',
      '  echo:',
      '    in: {text: {source: f, valueFrom: $(self.contents)}}',
      '    out: [out]',
      '    run:',
      '      class: CommandLineTool',
      '      baseCommand: [printf, "%s"]',
      '      inputs: {text: {type: string, inputBinding: {}}}',
      '      stdout: said.txt',
      '      outputs: {out: stdout}',
    ]);
    const job = write('contents.yml', [`f: {class: File, location: "${base}/data/notes.txt"}`]);
    const result = await runKept(wf, job);
    expect(result.status, result.stderr).toBe(0);
    expect(readFileSync(join(result.outdir, 'said.txt'), 'utf8')).toBe('loaded through the job store\n');
    expect(result.requests).toEqual(['GET /data/notes.txt']);
  });

  it('refuses a Directory given as an http URL with exit 33, saying http has no listing', async () => {
    const tool = write('ls.cwl', [
      'cwlVersion: v1.2',
      'class: CommandLineTool',
      'baseCommand: ls',
      'inputs: {d: {type: Directory, inputBinding: {}}}',
      'outputs: {}',
    ]);
    const url = `${base}/data/`;
    const job = write('dir.yml', [`d: {class: Directory, location: "${url}"}`]);
    const result = await run([tool, job]);
    expect(result.status).toBe(33);
    expect(result.stderr).toBe(
      `toil-cwl-runner: Unsupported CWL feature: a Directory input given as a URL ('${url}'): http has no folder ` +
        'listing, so its files cannot be found; give its files as a listing of File URLs, or the folder as ' +
        's3://, gs:// or a local path.\n',
    );
  });
});
