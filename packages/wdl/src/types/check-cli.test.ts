import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The built runner refuses a document with a type error before anything runs: one line with file:line:col and
// the caret excerpt, exit 1, no stack trace, and no job store made.
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'wdl-check-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('toil-wdl-runner with a document that does not type-check', () => {
  it('fails before running anything, in one line with the position and a caret', () => {
    const wdl = join(dir, 'bad.wdl');
    writeFileSync(
      wdl,
      'version 1.1\nworkflow w {\n  call greet { input: name = 3, loud = true }\n}\ntask greet {\n  input {\n    String name\n  }\n  command <<< echo ~{name} >>>\n}\n',
    );
    const store = join(dir, 'js');
    const r = spawnSync(process.execPath, [CLI, wdl, '--jobStore', store], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `toil-wdl-runner: ${wdl}:3:40: call 'greet' has no input 'loud'; greet's inputs: name\n` +
        '    call greet { input: name = 3, loud = true }\n' +
        '                                         ^\n',
    );
    expect(r.stdout).toBe('');
    expect(existsSync(store)).toBe(false);
  }, 120_000);
});
