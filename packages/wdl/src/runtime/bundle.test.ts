import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBundle, readBundle } from './bundle.js';

// A real HTTP server on 127.0.0.1. It runs in a worker thread because readBundle downloads synchronously: it
// blocks this thread's event loop until the child process that fetches the document is done.
const SERVER = `
const { createServer } = require('node:http');
const { parentPort } = require('node:worker_threads');
const docs = {
  '/lib/greet.wdl': 'version 1.1\\nimport "util.wdl" as util\\ntask greet {\\n  input {\\n    String who\\n  }\\n  command <<< echo hi ~{who} >>>\\n  output {\\n    String out = read_string(stdout())\\n  }\\n}\\n',
  '/lib/util.wdl': 'version 1.1\\nstruct Name {\\n  String first\\n}\\n',
};
const server = createServer((req, res) => {
  const body = docs[req.url];
  res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/plain' });
  res.end(body ?? 'not here');
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', () => server.close(() => process.exit(0)));
`;

let worker: Worker;
let base: string;
const dir = mkdtempSync(join(tmpdir(), 'wdl-bundle-'));

beforeAll(async () => {
  worker = new Worker(SERVER, { eval: true });
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  worker.postMessage('stop');
  await new Promise((resolve) => worker.once('exit', resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('readBundle', () => {
  it('reads an http import and, relative to its URL, the documents that one imports', () => {
    const main = join(dir, 'main.wdl');
    writeFileSync(
      main,
      `version 1.1\nimport "${base}/lib/greet.wdl" as g\nworkflow w {\n  call g.greet { input: who = "you" }\n  output {\n    String said = greet.out\n  }\n}\n`,
    );
    const bundle = readBundle(main);
    expect(Object.keys(bundle.sources).sort()).toEqual([main, `${base}/lib/greet.wdl`, `${base}/lib/util.wdl`]);
    const ns = openBundle(bundle);
    expect(
      ns.imports
        .get('g')
        ?.imports.get('util')
        ?.doc.structs.map((s) => s.name),
    ).toEqual(['Name']);
  });

  it('fails in one line that quotes the URL and the HTTP status when an import is not there', () => {
    const main = join(dir, 'missing.wdl');
    writeFileSync(main, `version 1.1\nimport "${base}/lib/nope.wdl"\nworkflow w {\n}\n`);
    expect(() => readBundle(main)).toThrow(`Cannot read WDL document '${base}/lib/nope.wdl': HTTP 404 Not Found`);
  });

  it('type-checks what it read: a call input the imported task does not have stops it', () => {
    const main = join(dir, 'badcall.wdl');
    writeFileSync(
      main,
      `version 1.1\nimport "${base}/lib/greet.wdl" as g\nworkflow w {\n  call g.greet { input: whom = "x" }\n}\n`,
    );
    expect(() => readBundle(main)).toThrow(
      /badcall\.wdl:4:32: call 'greet' has no input 'whom'; g\.greet's inputs: who/,
    );
  });
});
