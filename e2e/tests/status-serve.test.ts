/**
 * `toil status --serve`: the page, opened in a real headless browser (Debian's chromium), shows the job graph,
 * the job states and the failed job's log as the server-sent events deliver them, while the workflow runs and
 * after it stopped. The screenshot is checked to be a real 1200x800 image with the page's colours in it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { fixture } from './helpers/cli.js';
import { startToil, waitForFiles, waitUntil } from './helpers/background.js';
import { chromium, freePort } from './helpers/chromium.js';
import { tempDir } from './helpers/temp.js';

interface Snapshot {
  workflow: { state: string };
  counts: Record<string, number>;
}

/** The jobs the dumped DOM lists: name and state of each `li.job`. */
function listedJobs(dom: string): [string, string][] {
  return [
    ...dom.matchAll(
      /<li class="job" data-job-id="[^"]+" data-state="([a-z]+)">.*?<span class="job-name">([^<]+)<\/span>/g,
    ),
  ]
    .map((m) => [m[2], m[1]] as [string, string])
    .sort();
}

/** How many pixels of the image are (close to) this colour. */
function pixelsOf(png: PNG, [r, g, b]: [number, number, number]): number {
  let count = 0;
  for (let i = 0; i < png.data.length; i += 4)
    if (Math.abs(png.data[i] - r) + Math.abs(png.data[i + 1] - g) + Math.abs(png.data[i + 2] - b) < 12) count++;
  return count;
}

/** A GET to 127.0.0.1 with a chosen Host header, which fetch does not allow. */
function rawGet(port: number, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('toil status --serve', () => {
  it('shows the job graph, states and logs live in a browser, while the workflow runs and after it stopped', async () => {
    const dir = await tempDir();
    const store = join(dir, 'js');
    const logFile = join(dir, 'leader.log');
    const leader = startToil([
      'run',
      fixture('observe.ts'),
      store,
      '--job',
      'watched',
      '--args',
      JSON.stringify([dir, 2, 'broken']),
      '--retryCount',
      '0',
      '--logFile',
      logFile,
    ]);
    await waitForFiles([join(dir, 'started-0'), join(dir, 'started-1')]);

    const port = await freePort();
    const server = startToil(['status', store, '--serve', '--port', String(port)]);
    let stdout = '';
    server.child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    const url = `http://127.0.0.1:${port}/`;
    await waitUntil('the server prints its URL', () =>
      stdout.includes(`Serving the status of file:${store} at ${url} (Ctrl-C to stop)\n`),
    );
    const snapshot = async () => (await (await fetch(`${url}snapshot.json`)).json()) as Snapshot;
    await waitUntil('the broken job has failed', async () => (await snapshot()).counts.failed === 1);

    // ?once: the page stops listening after its first event, so chromium's virtual time can run out and it dumps.
    const running = await chromium(`${url}?once`, ['--dump-dom']);
    expect(running).toContain('data-workflow-state="running"');
    expect(running).toContain(`The workflow in file:${store} is RUNNING`);
    expect(listedJobs(running)).toEqual([
      ['observe.broken', 'failed'],
      ['observe.held', 'ready'],
      ['observe.held', 'ready'],
      ['observe.sum', 'blocked'],
      ['observe.watched', 'waiting'],
    ]);
    expect(running).toContain('Log of the last failed attempt');
    expect(running).toContain('observe.broken fails on purpose');
    // The graph: one SVG box per job, coloured by state.
    expect(running.match(/<g class="node" data-job-id="[^"]+" data-state="ready">/g)).toHaveLength(2);
    expect(running).toContain('<g class="node" data-job-id="');
    expect(running).toMatch(/<text[^>]*>observe\.watched<\/text>/);
    expect(running).toContain('Leader log');
    expect(running).toContain('INFO toil: Running the workflow');

    const shot = join(dir, 'running.png');
    await chromium(`${url}?once`, [`--screenshot=${shot}`, '--window-size=1200,800']);
    const png = PNG.sync.read(readFileSync(shot));
    expect([png.width, png.height]).toEqual([1200, 800]);
    const colours = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4)
      colours.add((png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2]);
    expect(colours.size).toBeGreaterThan(50);
    // The failed job's red and the running jobs' blue (chips and graph boxes) are on screen.
    expect(pixelsOf(png, [0xcf, 0x22, 0x2e])).toBeGreaterThan(2000);
    expect(pixelsOf(png, [0x09, 0x69, 0xda])).toBeGreaterThan(4000);

    // Released, the held jobs finish and the workflow stops on the failed job; the page follows.
    writeFileSync(join(dir, 'release'), '');
    const ended = await leader.done;
    expect(ended.code).toBe(1);
    await waitUntil('the page state shows the stopped workflow', async () => {
      const s = await snapshot();
      return s.workflow.state === 'stopped' && s.counts.finished === 2;
    });
    const stopped = await chromium(`${url}?once`, ['--dump-dom']);
    expect(stopped).toContain('data-workflow-state="stopped"');
    expect(listedJobs(stopped)).toEqual([
      ['observe.broken', 'failed'],
      ['observe.held', 'finished'],
      ['observe.held', 'finished'],
      ['observe.sum', 'blocked'],
      ['observe.watched', 'waiting'],
    ]);

    server.child.kill('SIGTERM');
    const closed = await server.done;
    expect(closed.code, closed.stderr).toBe(0);
  });

  it('answers only requests for localhost or 127.0.0.1, so that a DNS rebinding page cannot read the job logs', async () => {
    const dir = await tempDir();
    const store = join(dir, 'js');
    expect(
      (
        await startToil(['run', fixture('observe.ts'), store, '--job', 'sum', '--args', '[[1, 2]]', '--clean', 'never'])
          .done
      ).code,
    ).toBe(0);
    const port = await freePort();
    const server = startToil(['status', store, '--serve', '--port', String(port)]);
    let stdout = '';
    server.child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    await waitUntil('the server listens', () => stdout.includes('Serving the status'));

    // What a browser sends after evil.example was made to resolve to 127.0.0.1.
    const rebound = await rawGet(port, '/snapshot.json', `evil.example:${port}`);
    expect(rebound.status).toBe(403);
    expect(rebound.body).toBe(
      `Forbidden: this status page answers requests for localhost or 127.0.0.1 only, not for "evil.example:${port}". Open http://127.0.0.1:${port}/ instead.\n`,
    );
    expect((await rawGet(port, '/', 'evil.example')).status).toBe(403);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const page = await rawGet(port, '/snapshot.json', host);
      expect(page.status, host).toBe(200);
      expect((JSON.parse(page.body) as Snapshot).workflow.state, host).toBe('completed');
    }
    server.child.kill('SIGTERM');
    expect((await server.done).code).toBe(0);
  });

  it('refuses a port in use, and a bad port, in one line', async () => {
    const dir = await tempDir();
    const store = join(dir, 'js');
    const leader = startToil([
      'run',
      fixture('observe.ts'),
      store,
      '--job',
      'sum',
      '--args',
      '[[1, 2]]',
      '--clean',
      'never',
    ]);
    expect((await leader.done).code).toBe(0);
    const port = await freePort();
    const first = startToil(['status', store, '--serve', '--port', String(port)]);
    let stdout = '';
    first.child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    await waitUntil('the first server listens', () => stdout.includes('Serving the status'));
    const second = await startToil(['status', store, '--serve', '--port', String(port)]).done;
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(
      `toil: Invalid --port ${port}: the port is in use by another program; choose another port, or 0 for a free one\n`,
    );
    const bad = await startToil(['status', store, '--serve', '--port', '99999']).done;
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('toil: Invalid --port 99999: use a port number from 1024 to 65535, or 0 for a free one\n');
    first.child.kill('SIGTERM');
    expect((await first.done).code).toBe(0);
  });
});
