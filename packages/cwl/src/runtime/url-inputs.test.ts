import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cli = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'cwl-url-'));
const tool = join(dir, 'cat.cwl');
writeFileSync(
  tool,
  [
    'cwlVersion: v1.2',
    'class: CommandLineTool',
    'baseCommand: cat',
    'inputs:',
    '  f: {type: File, inputBinding: {}}',
    'stdout: got.txt',
    'outputs:',
    '  out: stdout',
  ].join('\n'),
);

// A real HTTP server on 127.0.0.1 serving /data/reads.txt; anything else is a 404. Requests are counted.
let server: Server;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/data/reads.txt') res.end('served over http\n');
    else res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

// Async: the server runs in this process, so the runner must not block its event loop (spawnSync would).
function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cli, '--quiet', ...args], { cwd: dir, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => child.on('close', (status) => done({ status, stdout, stderr })));
}

function jobWith(location: string): string {
  const job = join(dir, `job-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(job, `f: {class: File, location: "${location}"}\n`);
  return job;
}

const PATHS = {
  'in-process jobs': [],
  'forked workers': ['--batchSystem', 'single_machine', '--inProcessJobs', 'false'],
} as Record<string, string[]>;

describe.each(Object.entries(PATHS))('http(s) inputs (%s)', { timeout: 120_000 }, (_, extra) => {
  it('downloads a File given as an http:// URL and runs the tool on it, under its URL basename', async () => {
    const outdir = mkdtempSync(join(dir, 'out-'));
    const before = requests.length;
    const result = await run([...extra, '--outdir', outdir, tool, jobWith(`${base}/data/reads.txt`)]);
    expect(result.status, result.stderr).toBe(0);
    expect(readFileSync(join(outdir, 'got.txt'), 'utf8')).toBe('served over http\n');
    expect(requests.slice(before)).toEqual(['/data/reads.txt']);
  });

  it('refuses a URL the server does not have in one line quoting it, exit 1', async () => {
    const url = `${base}/data/missing.txt`;
    const result = await run([...extra, tool, jobWith(url)]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `toil-cwl-runner: Cannot download the input '${url}': the server answered 404 Not Found.\n`,
    );
  });
});

describe('unreachable URLs', { timeout: 120_000 }, () => {
  it('names an unreachable host in one line, exit 1', async () => {
    // Port 9 (discard) on 127.0.0.1: nothing listens there, so the connection is refused at once.
    const url = 'http://127.0.0.1:9/x.txt';
    const result = await run([tool, jobWith(url)]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^toil-cwl-runner: Cannot download the input 'http:\/\/127\.0\.0\.1:9\/x\.txt': [^\n]+\n$/,
    );
  });

  it('names the URL schemes plugins provide when none has the one given', async () => {
    const result = await run([tool, jobWith('nosuch://bucket/x.txt')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^toil-cwl-runner: Cannot download the input 'nosuch:\/\/bucket\/x\.txt': Unknown URL scheme 'nosuch'\. [^\n]*gs, s3\.\n$/,
    );
  });

  it('asks the gs:// plugin (@toil/jobstore-gcs) for a gs:// input, which reports a missing object', async () => {
    // The plugin talks to TOIL_GCS_ENDPOINT: this test's server, which has no such object (404).
    const gcs = resolve(dirname(fileURLToPath(import.meta.url)), '../../../jobstore-gcs/dist/index.js');
    const before = requests.length;
    const result = await run([tool, jobWith('gs://bucket/x.txt')], { TOIL_PLUGINS: gcs, TOIL_GCS_ENDPOINT: base });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      "toil-cwl-runner: Cannot download the input 'gs://bucket/x.txt': File 'gs://bucket/x.txt' does not exist.\n",
    );
    expect(requests.slice(before).some((url) => url.includes('/b/bucket/o/x.txt'))).toBe(true);
  });
});
